import { describe, expect, it } from 'vitest';
import { cappedTraitsJson, layerTraits, parseTraits } from './traits';

describe('lead traits cap', () => {
  it('keeps the newest keys within the key cap, oldest first in the stored object', () => {
    const entries = layerTraits(parseTraits('{"a":"1","b":"2","c":"3"}'), [
      ['a', 'new'],
      ['d', '4'],
    ]);
    expect(cappedTraitsJson(entries, { keys: 3, bytes: 1000 })).toBe('{"c":"3","a":"new","d":"4"}');
  });

  it('keeps the newest keys within the byte cap', () => {
    const entries = parseTraits(JSON.stringify({ old: 'x'.repeat(50), mid: 'y'.repeat(10), newest: 'z' }));
    const json = cappedTraitsJson(entries, { keys: 50, bytes: 40 });
    expect(json).toBe(`{"mid":"${'y'.repeat(10)}","newest":"z"}`);
    expect(json.length).toBeLessThanOrEqual(40);
  });

  it('counts UTF-8 bytes, not UTF-16 units', () => {
    const json = cappedTraitsJson(parseTraits(JSON.stringify({ a: 'é'.repeat(10), b: 'ü' })), { keys: 50, bytes: 20 });
    expect(json).toBe('{"b":"ü"}');
  });

  it('never stores email or name in the traits object', () => {
    const entries = layerTraits(new Map(), [
      ['email', 'a@example.com'],
      ['name', 'Ada'],
      ['phone', '+1'],
      ['plan', 'pro'],
    ]);
    expect(cappedTraitsJson(entries)).toBe('{"phone":"+1","plan":"pro"}');
  });
});
