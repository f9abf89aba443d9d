import { describe, expect, it } from 'vitest';
import { normalisePhone } from './phone';

describe('normalisePhone', () => {
  it('normalises an international number whatever the request country', () => {
    expect(normalisePhone('+1 415 555 2671', null)).toBe('+14155552671');
    expect(normalisePhone('+1 (415) 555-2671', 'DE')).toBe('+14155552671');
    expect(normalisePhone('0049 30 901820', null)).toBe('+4930901820');
  });

  it("reads a national number in the request's country", () => {
    expect(normalisePhone('(415) 555-2671', 'US')).toBe('+14155552671');
    expect(normalisePhone('030 901820', 'DE')).toBe('+4930901820');
    expect(normalisePhone('030 901820', 'de')).toBe('+4930901820');
  });

  it('gives up without a country for a national number, and on anything that is not a valid number', () => {
    expect(normalisePhone('(415) 555-2671', null)).toBeNull();
    expect(normalisePhone('(415) 555-2671', 'XX')).toBeNull();
    expect(normalisePhone('n/a', 'US')).toBeNull();
    expect(normalisePhone('+1 123', 'US')).toBeNull();
    expect(normalisePhone('', 'US')).toBeNull();
  });
});
