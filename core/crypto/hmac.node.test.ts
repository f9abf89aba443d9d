import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacSha256Hex, signWebhook, timestampedMessage, verifySha256Signature, verifyWebhook } from './hmac';

// RFC 4231 §4.2 and §4.3 (HMAC-SHA-256 outputs).
const RFC4231_CASE_1 = {
  key: '\x0b'.repeat(20),
  data: 'Hi There',
  mac: 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
};
const RFC4231_CASE_2 = {
  key: 'Jefe',
  data: 'what do ya want for nothing?',
  mac: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
};

describe('hmacSha256Hex', () => {
  it('matches the RFC 4231 test vectors', async () => {
    for (const vector of [RFC4231_CASE_1, RFC4231_CASE_2]) {
      expect(await hmacSha256Hex(vector.key, vector.data)).toBe(vector.mac);
    }
  });

  it('signs bytes and strings alike, and agrees with node:crypto on non-ASCII bodies', async () => {
    const body = '{"content":"Grüße, 你好 👋"}';
    const expected = createHmac('sha256', 'whsec_ü').update(body).digest('hex');
    expect(await hmacSha256Hex('whsec_ü', body)).toBe(expected);
    expect(await hmacSha256Hex('whsec_ü', new TextEncoder().encode(body))).toBe(expected);
  });
});

describe('verifySha256Signature', () => {
  it('accepts the right signature in either hex case and refuses everything else', async () => {
    const { key, data, mac } = RFC4231_CASE_2;
    expect(await verifySha256Signature(key, data, `sha256=${mac}`)).toBe(true);
    expect(await verifySha256Signature(key, data, `sha256=${mac.toUpperCase()}`)).toBe(true);
    expect(await verifySha256Signature(key, data, mac)).toBe(false); // no prefix
    expect(await verifySha256Signature(key, data, `sha1=${mac}`)).toBe(false);
    expect(await verifySha256Signature(key, data, `sha256=${mac.slice(0, 62)}`)).toBe(false); // truncated
    expect(await verifySha256Signature(key, data, `sha256=${mac.slice(0, 63)}0`)).toBe(false); // last nibble flipped
    expect(await verifySha256Signature(key, `${data} `, `sha256=${mac}`)).toBe(false); // body changed
    expect(await verifySha256Signature('jefe', data, `sha256=${mac}`)).toBe(false); // other key
    expect(await verifySha256Signature(key, data, `sha256=${'z'.repeat(64)}`)).toBe(false); // not hex
  });
});

describe('signWebhook / verifyWebhook', () => {
  const secret = 'whsec_test';
  const body = '{"a":1}';
  const nowMs = 1_700_000_000_000;

  it('signs "{timestamp}.{body}" with the timestamp in Unix seconds (design §5)', async () => {
    const headers = await signWebhook(secret, body, nowMs + 999);
    expect(headers['X-LeadTrail-Timestamp']).toBe('1700000000');
    const expected = createHmac('sha256', secret).update('1700000000.{"a":1}').digest('hex');
    expect(headers['X-LeadTrail-Signature']).toBe(`sha256=${expected}`);
    expect(new TextDecoder().decode(timestampedMessage('1700000000', body))).toBe('1700000000.{"a":1}');
  });

  it('round-trips, and tells a bad signature, a malformed header and a stale timestamp apart', async () => {
    const headers = await signWebhook(secret, body, nowMs);
    const input = {
      secret,
      body,
      timestamp: headers['X-LeadTrail-Timestamp'],
      signature: headers['X-LeadTrail-Signature'],
      nowMs,
    };
    expect(await verifyWebhook(input)).toEqual({ ok: true, timestampMs: nowMs });
    expect(await verifyWebhook({ ...input, nowMs: nowMs + 300_000 })).toMatchObject({ ok: true });
    expect(await verifyWebhook({ ...input, nowMs: nowMs + 301_000 })).toEqual({ ok: false, reason: 'stale' });
    expect(await verifyWebhook({ ...input, nowMs: nowMs - 301_000 })).toEqual({ ok: false, reason: 'stale' }); // from the future
    expect(await verifyWebhook({ ...input, body: '{"a":2}' })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(await verifyWebhook({ ...input, timestamp: '1700000001' })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(await verifyWebhook({ ...input, secret: 'other' })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(await verifyWebhook({ ...input, signature: null })).toEqual({ ok: false, reason: 'malformed' });
    expect(await verifyWebhook({ ...input, timestamp: null })).toEqual({ ok: false, reason: 'malformed' });
    expect(await verifyWebhook({ ...input, timestamp: '1.7e9' })).toEqual({ ok: false, reason: 'malformed' });
  });

  it('does not check the clock for an unsigned request (a stale forgery is a bad signature)', async () => {
    const verdict = await verifyWebhook({ secret, body, timestamp: '1', signature: `sha256=${'0'.repeat(64)}`, nowMs });
    expect(verdict).toEqual({ ok: false, reason: 'bad_signature' });
  });
});
