import { describe, expect, it } from 'vitest';
import { type ErrorEnvelope, batch, event, postEvents, recordingQueue } from '../../test/fixtures';
import { TEST_TENANT_LIMIT } from '../../test/tenants';

async function flood(host: string, count: number, ipFor: (i: number) => string): Promise<Response[]> {
  const responses: Response[] = [];
  for (let i = 0; i < count; i++) {
    responses.push(await postEvents(batch([event()]), { host, origin: null, headers: { 'cf-connecting-ip': ipFor(i) }, env: { EVENTS_QUEUE: recordingQueue() } }));
  }
  return responses;
}

describe('rate limits', () => {
  it('answer 429 with Retry-After once one IP exceeds its limit, without touching other IPs', async () => {
    const responses = await flood('t.flood-ip.test', 121, () => '198.51.100.1'); // wrangler.toml: 120 per 10 s
    const limited = responses.filter((response) => response.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(1);
    expect(responses.slice(0, 100).every((response) => response.status === 202)).toBe(true);
    const body = await limited[0]!.json<ErrorEnvelope>();
    expect(body.error.code).toBe('rate_limited');
    expect(body.error.details).toMatchObject({ scope: 'ip' });
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
    const other = await postEvents(batch([event()]), { host: 't.flood-ip.test', origin: null, headers: { 'cf-connecting-ip': '198.51.100.2' }, env: { EVENTS_QUEUE: recordingQueue() } });
    expect(other.status).toBe(202);
  });

  it('answer 429 once a tenant exceeds its limit across many IPs', async () => {
    const responses = await flood('t.flood-tenant.test', TEST_TENANT_LIMIT + 1, (i) => `192.0.2.${i % 250}`);
    const last = responses.at(-1)!;
    expect(last.status).toBe(429);
    expect((await last.json<ErrorEnvelope>()).error.details).toMatchObject({ scope: 'tenant' });
    // Another tenant is not affected.
    expect((await postEvents(batch([event()]), { env: { EVENTS_QUEUE: recordingQueue() } })).status).toBe(202);
  });
});
