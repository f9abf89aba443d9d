import { describe, expect, it } from 'vitest';
import { HttpFailure, PermanentFailure, isRetryableStatus, outcomeOfError, parseRetryAfter, retryDelaySeconds } from './outcome';

describe('delivery outcomes', () => {
  it('reads Retry-After as seconds or an HTTP-date', () => {
    const now = Date.parse('2026-12-01T10:00:00Z');
    expect(parseRetryAfter('30', now)).toBe(30);
    expect(parseRetryAfter('Tue, 01 Dec 2026 10:02:00 GMT', now)).toBe(120);
    expect(parseRetryAfter('Tue, 01 Dec 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it('retries 408, 429 and 5xx; dead-letters every other 4xx', () => {
    expect([408, 429, 500, 502, 503].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 409, 410, 422].some(isRetryableStatus)).toBe(false);
  });

  it('classifies thrown errors: provider status, permanent failures, timeouts and network errors', () => {
    expect(outcomeOfError(new HttpFailure(503, 'busy', 7, 'x'))).toMatchObject({ kind: 'retry', status: 503, retryAfterSeconds: 7 });
    expect(outcomeOfError(new HttpFailure(403, 'no', null, 'x'))).toMatchObject({ kind: 'dead', status: 403, body: 'no' });
    expect(outcomeOfError(new PermanentFailure('secret X is not set'))).toMatchObject({ kind: 'dead', reason: 'secret X is not set' });
    expect(outcomeOfError(new DOMException('timed out', 'TimeoutError'))).toMatchObject({ kind: 'retry' });
    expect(outcomeOfError(new TypeError('Network connection lost'))).toMatchObject({ kind: 'retry' });
  });

  it('bounds provider bodies', () => {
    expect(new HttpFailure(500, 'x'.repeat(10_000), null, 'x').body.length).toBeLessThanOrEqual(2001);
  });

  it('backs off exponentially with a cap, and lets a longer Retry-After win', () => {
    const noJitter = () => 1;
    expect(retryDelaySeconds(1, null, noJitter)).toBe(2);
    expect(retryDelaySeconds(4, null, noJitter)).toBe(16);
    expect(retryDelaySeconds(20, null, noJitter)).toBe(300);
    expect(retryDelaySeconds(1, 90, noJitter)).toBe(90);
    expect(retryDelaySeconds(6, 3, noJitter)).toBe(64);
  });
});
