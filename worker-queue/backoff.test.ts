import { describe, expect, it } from 'vitest';
import { backoffSeconds } from './backoff';

describe('backoffSeconds', () => {
  it('grows exponentially with jitter between half and all of the ceiling', () => {
    expect(backoffSeconds(1, { random: () => 0 })).toBe(1);
    expect(backoffSeconds(1, { random: () => 1 })).toBe(2);
    expect(backoffSeconds(4, { random: () => 0 })).toBe(8);
    expect(backoffSeconds(4, { random: () => 1 })).toBe(16);
  });

  it('is capped', () => {
    expect(backoffSeconds(30, { random: () => 1 })).toBe(300);
    expect(backoffSeconds(30, { random: () => 0, capSeconds: 60 })).toBe(30);
  });
});
