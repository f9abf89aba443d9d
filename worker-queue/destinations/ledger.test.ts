import { describe, expect, it } from 'vitest';
import { canonicalJson, payloadHash } from './ledger';

describe('payload hashing', () => {
  it('hashes equal payloads equally whatever their key order, and different ones differently', async () => {
    expect(canonicalJson({ b: 1, a: [{ d: null, c: 'x' }], skip: undefined })).toBe('{"a":[{"c":"x","d":null}],"b":1}');
    expect(await payloadHash({ a: 1, b: 2 })).toBe(await payloadHash({ b: 2, a: 1 }));
    expect(await payloadHash({ a: 1 })).not.toBe(await payloadHash({ a: 2 }));
    expect(await payloadHash({ a: 1 })).toMatch(/^[0-9a-f]{64}$/);
  });
});
