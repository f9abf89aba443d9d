import { describe, expect, it } from 'vitest';
import { type ErrorEnvelope, batch, callWorker, event, postEvents, recordingQueue } from '../../test/fixtures';

function varyOf(response: Response): string[] {
  return (response.headers.get('vary') ?? '').split(',').map((name) => name.trim().toLowerCase());
}

describe('Vary: Origin', () => {
  it('is on every /v1 response whose CORS headers depend on the Origin, also without one', async () => {
    const responses = [
      await callWorker(new Request('https://t.acme.test/v1/config')), // cacheable: a shared cache must not serve it cross-origin
      await callWorker(new Request('https://t.acme.test/v1/config', { headers: { origin: 'https://www.acme.test' } })),
      await callWorker(new Request('https://t.acme.test/v1/openapi.json')),
      await postEvents(batch([event()]), { origin: null, env: { EVENTS_QUEUE: recordingQueue() } }),
      await postEvents('{', { origin: null, env: { EVENTS_QUEUE: recordingQueue() } }),
      await postEvents(batch([event()]), { origin: 'https://www.globex.test', env: { EVENTS_QUEUE: recordingQueue() } }),
    ];
    for (const response of responses) expect(varyOf(response), `${response.status}`).toContain('origin');
    expect(responses[0]?.headers.get('cache-control')).toContain('public');
  });
});

async function configFrom(host: string, origin: string): Promise<Response> {
  return callWorker(new Request(`https://${host}/v1/config`, { headers: { origin } }));
}

describe('CORS origins', () => {
  it.each([
    ['t.acme.test', 'http://t.acme.test'], // own host over http
    ['t.acme.test', 'https://t.acme.test:8080'], // own host, another port
    ['t.acme.test', 'https://www.acme.test/'], // not canonical: a path
    ['t.acme.test', 'https://WWW.ACME.TEST'], // not canonical: case
    ['t.acme.test', 'https://www.acme.test:443'], // not canonical: default port
    ['t.acme.test', 'null'],
    ['localhost', 'ftp://localhost'],
    ['localhost', 'chrome-extension://localhost'],
    ['localhost', 'http://evil.com@localhost'],
    ['localhost', 'HTTP://LOCALHOST:8787'],
  ])('refuses %s the origin %s with 403 origin_not_allowed and no CORS headers', async (host, origin) => {
    const response = await configFrom(host, origin);
    expect(response.status).toBe(403);
    expect((await response.json<ErrorEnvelope>()).error.code).toBe('origin_not_allowed');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it.each([
    ['t.acme.test', 'https://t.acme.test'], // own host, https, default port
    ['t.acme.test', 'https://shop.acme.test'], // allowed_origins
    ['localhost', 'http://localhost:8787'], // development: http on any port
    ['localhost', 'http://localhost:3000'],
    ['127.0.0.1', 'http://127.0.0.1:5173'],
    ['localhost', 'https://localhost'],
  ])('allows %s the origin %s and echoes it canonical', async (host, origin) => {
    const response = await configFrom(host, origin);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
  });
});

function preflight(path: string, method: string, headers?: string): Promise<Response> {
  return callWorker(
    new Request(`https://t.acme.test${path}`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://www.acme.test',
        'access-control-request-method': method,
        ...(headers === undefined ? {} : { 'access-control-request-headers': headers }),
      },
    }),
  );
}

describe('CORS preflight', () => {
  it('answers for the methods and headers the route takes', async () => {
    const events = await preflight('/v1/events', 'POST', 'Content-Type');
    expect(events.status).toBe(204);
    expect(events.headers.get('access-control-allow-origin')).toBe('https://www.acme.test');
    expect(events.headers.get('access-control-allow-methods')).toBe('POST');
    expect(events.headers.get('access-control-allow-headers')).toBe('content-type');
    const config = await preflight('/v1/config', 'GET');
    expect(config.status).toBe(204);
    expect(config.headers.get('access-control-allow-methods')).toBe('GET');
    expect(config.headers.get('access-control-allow-headers')).toBeNull();
  });

  it.each([
    ['/v1/events', 'PUT', 'content-type'],
    ['/v1/events', 'GET', undefined],
    ['/v1/events', 'POST', 'content-type, x-api-key'],
    ['/v1/events', 'POST', 'authorization'],
    ['/v1/config', 'POST', undefined],
    ['/v1/config', 'GET', 'content-type'],
    ['/v1/config', 'DELETE', undefined],
  ])('refuses %s %s with headers %s: 403 forbidden without allow headers', async (path, method, headers) => {
    const response = await preflight(path, method, headers);
    expect(response.status).toBe(403);
    expect((await response.json<ErrorEnvelope>()).error.code).toBe('forbidden');
    expect(response.headers.get('access-control-allow-methods')).toBeNull();
    expect(response.headers.get('access-control-allow-headers')).toBeNull();
  });
});

describe('a wrong method on a real route', () => {
  it.each([
    ['GET', 'https://t.acme.test/v1/events', 'POST, OPTIONS'],
    ['PUT', 'https://t.acme.test/v1/events', 'POST, OPTIONS'],
    ['DELETE', 'https://t.acme.test/v1/config', 'GET, HEAD, OPTIONS'],
    ['POST', 'https://t.acme.test/healthz', 'GET, HEAD'],
    ['POST', 'https://t.acme.test/lt.js', 'GET, HEAD'],
    ['GET', 'http://localhost/v1/events', 'POST, OPTIONS'], // the demo tenant serves example pages on GET *
  ])('%s %s → 405 method_not_allowed with Allow: %s', async (method, url, allow) => {
    const response = await callWorker(new Request(url, { method }));
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe(allow);
    const body = await response.json<ErrorEnvelope>();
    expect(body.error.code).toBe('method_not_allowed');
    expect(body.error.request_id).toMatch(/^req_/);
  });

  it('keeps unknown paths 404, whatever the method', async () => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      const response = await callWorker(new Request('https://t.acme.test/v1/nothing-here', { method }));
      expect(response.status).toBe(404);
      expect((await response.json<ErrorEnvelope>()).error.code).toBe('not_found');
    }
  });

  it('answers a plain OPTIONS (no Origin) with Allow', async () => {
    const response = await callWorker(new Request('https://t.acme.test/v1/events', { method: 'OPTIONS' }));
    expect(response.status).toBe(204);
    expect(response.headers.get('allow')).toBe('POST, OPTIONS');
  });
});
