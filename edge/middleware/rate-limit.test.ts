import { describe, expect, it } from 'vitest';
import { type ErrorEnvelope, batch, event, postEvents, recordingQueue } from '../../test/fixtures';
import { TEST_TENANT_LIMIT } from '../../test/tenants';

/**
 * Posts until the first 429, at most `max` requests. The local limiter counts in fixed windows aligned to
 * the period (10 s epochs), so a flood that straddles a boundary needs more than `limit` requests to see one:
 * `max` allows two windows.
 */
async function floodUntilLimited(
  host: string,
  max: number,
  ipFor: (i: number) => string,
): Promise<{ accepted: number; limited?: Response }> {
  for (let i = 0; i < max; i++) {
    const response = await postEvents(batch([event()]), {
      host,
      origin: null,
      headers: { 'cf-connecting-ip': ipFor(i) },
      env: { EVENTS_QUEUE: recordingQueue() },
    });
    if (response.status === 429) return { accepted: i, limited: response };
    expect(response.status).toBe(202);
  }
  return { accepted: max };
}

/**
 * Waits, if needed, until the per-IP limiter's 10 s window has at least 7 s left, so that a flood fits in
 * one window: a flood that straddles a boundary gets another 120 through per IP, past the test tenant's
 * 150 per minute, and is then refused with scope=tenant instead.
 */
async function atStartOfIpWindow(): Promise<void> {
  const intoWindow = Date.now() % 10_000;
  if (intoWindow > 3_000) await new Promise((resolve) => setTimeout(resolve, 10_050 - intoWindow));
}

describe('rate limits', { timeout: 30_000 }, () => {
  it('answer 429 with Retry-After once one IP exceeds its limit, without touching other IPs', async () => {
    await atStartOfIpWindow();
    const { accepted, limited } = await floodUntilLimited('t.flood-ip.test', 241, () => '198.51.100.1'); // wrangler.toml: 120 per 10 s
    expect(limited, `no 429 after ${accepted} requests`).toBeDefined();
    expect(accepted).toBeGreaterThanOrEqual(120);
    const body = await limited!.json<ErrorEnvelope>();
    expect(body.error.code).toBe('rate_limited');
    expect(body.error.details).toMatchObject({ scope: 'ip' });
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    const other = await postEvents(batch([event()]), {
      host: 't.flood-ip.test',
      origin: null,
      headers: { 'cf-connecting-ip': '198.51.100.2' },
      env: { EVENTS_QUEUE: recordingQueue() },
    });
    expect(other.status).toBe(202);
  });

  it('answer 429 once a tenant exceeds its limit across many IPs', async () => {
    const { accepted, limited } = await floodUntilLimited('t.flood-tenant.test', 2 * TEST_TENANT_LIMIT + 1, (i) => `192.0.2.${i % 250}`);
    expect(limited, `no 429 after ${accepted} requests`).toBeDefined();
    expect(accepted).toBeGreaterThanOrEqual(TEST_TENANT_LIMIT);
    expect((await limited!.json<ErrorEnvelope>()).error.details).toMatchObject({ scope: 'tenant' });
    // Another tenant is not affected.
    expect((await postEvents(batch([event()]), { env: { EVENTS_QUEUE: recordingQueue() } })).status).toBe(202);
  });

  it('do not let one flooding IP use up the tenant budget of everyone else', async () => {
    await atStartOfIpWindow();
    const host = 't.flood-lockout.test';
    const post = (ip: string) =>
      postEvents(batch([event()]), { host, origin: null, headers: { 'cf-connecting-ip': ip }, env: { EVENTS_QUEUE: recordingQueue() } });
    // 120 accepted, then 40 refused per IP: charging those too would reach the tenant's 150 (TEST_TENANT_LIMIT).
    let accepted = 0;
    let refusedPerIp = 0;
    while (refusedPerIp < 40 && accepted + refusedPerIp < 400) {
      const response = await post('198.51.100.66');
      if (response.status === 202) {
        accepted++;
        if (refusedPerIp > 0) break; // the per-IP window rolled over: stop before the tenant is charged more
        continue;
      }
      expect(response.status).toBe(429);
      expect((await response.json<ErrorEnvelope>()).error.details).toMatchObject({ scope: 'ip' });
      refusedPerIp++;
    }
    expect(accepted, 'the flood did not fit in one per-IP window').toBeLessThanOrEqual(TEST_TENANT_LIMIT - 20);
    expect(refusedPerIp).toBeGreaterThan(0);
    // Only the accepted requests were charged to the tenant: room for 20 other visitors after the flood.
    const others = [];
    for (let i = 0; i < 20; i++) others.push((await post(`198.51.100.${100 + i}`)).status);
    expect(others).toEqual(Array.from({ length: 20 }, () => 202));
  });
});
