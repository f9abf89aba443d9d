import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

describe('X-Request-Id', () => {
  it('is on every response: scripts, example pages, redirects, 404s and errors', async () => {
    const requests: [string, RequestInit?][] = [
      ['https://t.acme.test/lt.js'],
      ['https://t.acme.test/_lt/lt.js'],
      ['http://localhost/'], // an example page, straight from the assets binding
      ['http://localhost/page2.html'], // the assets binding redirects to the pretty URL
      ['http://localhost/no-such-page'],
      ['https://t.acme.test/no-such-route'],
      ['https://t.unknown.test/lt.js'],
      ['https://t.acme.test/v1/config'],
      ['https://t.acme.test/v1/events', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{' }],
    ];
    const statuses: number[] = [];
    const missing: string[] = [];
    for (const [url, init] of requests) {
      const response = await SELF.fetch(url, { redirect: 'manual', ...init });
      statuses.push(response.status);
      if (!/^req_/.test(response.headers.get('x-request-id') ?? '')) missing.push(`${init?.method ?? 'GET'} ${url} → ${response.status}`);
      await response.body?.cancel();
    }
    expect(missing).toEqual([]);
    expect(statuses).toContain(307); // a redirect was among them
  });

  it('echoes a well-formed cf-ray on the header and in the error body', async () => {
    const response = await SELF.fetch('https://t.acme.test/nope', { headers: { 'cf-ray': '8f1c2d3e4f5a6b7c-LHR' } });
    expect(response.headers.get('x-request-id')).toBe('req_8f1c2d3e4f5a6b7c-LHR');
    expect(await response.json()).toMatchObject({ error: { request_id: 'req_8f1c2d3e4f5a6b7c-LHR' } });
  });
});
