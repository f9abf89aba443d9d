import { describe, expect, it } from 'vitest';
import type { EventMessage } from '../../core/events';
import { type ErrorEnvelope, batch, event, postEvents, recordingQueue } from '../../test/fixtures';

async function expectError(response: Response, status: number, code: string): Promise<ErrorEnvelope> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/json');
  const body = await response.json<ErrorEnvelope>();
  expect(body.error.code).toBe(code);
  expect(body.error.message).toEqual(expect.any(String));
  expect(body.error.request_id).toMatch(/^req_/);
  return body;
}

describe('POST /v1/events accepts', () => {
  it('a text/plain beacon batch: 202, enqueued with server context, cookie and CORS set', async () => {
    const queue = recordingQueue();
    const events = [event({ tracking_id: 'trk_accept_1' }), event({ type: 'track', name: 'cta_click', tracking_id: 'trk_accept_1' })];
    const response = await postEvents(batch(events), { env: { EVENTS_QUEUE: queue } });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: 2 });
    expect(response.headers.get('access-control-allow-origin')).toBe('https://www.acme.test');
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toContain('_lt_id=trk_accept_1');
    expect(cookie).toContain('Max-Age=34560000');
    expect(cookie).toContain('Domain=acme.test');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Secure');
    expect(cookie).not.toContain('HttpOnly');

    expect(queue.sent).toHaveLength(1); // one queue message per client batch
    const message = queue.sent[0] as EventMessage;
    expect(message).toMatchObject({ v: 1, tenant_id: 'acme' });
    expect(message.events.map((item) => item.event.event_id)).toEqual(events.map((item) => item.event_id));
    expect(message.events[0]?.event.bot).toBe(false);
    expect(message.request.ip_hash).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(message)).not.toContain('203.0.113.7');
    expect(message.request.browser).toBe('Chrome 130');
    expect(message.request.os).toBe('Linux');
  });

  it('application/json too, and drops in-batch duplicates', async () => {
    const queue = recordingQueue();
    const one = event();
    const response = await postEvents(batch([one, one, event()]), { contentType: 'application/json', env: { EVENTS_QUEUE: queue } });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: 2, duplicates: 1 });
    expect((queue.sent[0] as EventMessage).events).toHaveLength(2);
  });

  it('takes the tenant from the Host only, never from the body', async () => {
    const queue = recordingQueue();
    const body = { ...batch([{ ...event(), tenant_id: 'globex' }]), tenant_id: 'globex' };
    expect((await postEvents(body, { env: { EVENTS_QUEUE: queue } })).status).toBe(202);
    expect((queue.sent[0] as EventMessage).tenant_id).toBe('acme');
    expect(JSON.stringify(queue.sent[0])).not.toContain('globex');
  });

  it('corrects client clock skew with sent_at', async () => {
    const queue = recordingQueue();
    const clientClockAhead = Date.now() + 3 * 60 * 60 * 1000; // the visitor's clock is 3 h fast
    const response = await postEvents(
      { sent_at: clientClockAhead, events: [event({ ts: clientClockAhead - 5000 })] },
      { env: { EVENTS_QUEUE: queue } },
    );
    expect(response.status).toBe(202);
    const message = queue.sent[0] as EventMessage;
    expect(Math.abs((message.events[0]?.ts ?? 0) - (Date.now() - 5000))).toBeLessThan(2000);
  });

  it('flags bots by user agent (HeadlessChrome, AI crawlers) and by the client signal', async () => {
    for (const userAgent of [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/130.0 Safari/537.36',
      'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)',
      'Mozilla/5.0 (compatible; ClaudeBot/1.0; +claudebot@anthropic.com)',
    ]) {
      const queue = recordingQueue();
      expect((await postEvents(batch([event()]), { headers: { 'user-agent': userAgent }, env: { EVENTS_QUEUE: queue } })).status).toBe(202);
      expect((queue.sent[0] as EventMessage).events[0]?.event.bot).toBe(true);
    }
    const queue = recordingQueue();
    await postEvents(batch([event({ bot: true })]), { env: { EVENTS_QUEUE: queue } });
    expect((queue.sent[0] as EventMessage).events[0]?.event.bot).toBe(true);
  });

  it('answers a CORS preflight for an allowed origin', async () => {
    const { callWorker } = await import('../../test/fixtures');
    const response = await callWorker(
      new Request('https://t.acme.test/v1/events', {
        method: 'OPTIONS',
        headers: {
          origin: 'https://shop.acme.test',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      }),
    );
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://shop.acme.test');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('serves the same API under the /_lt path route', async () => {
    const { callWorker } = await import('../../test/fixtures');
    const queue = recordingQueue();
    const response = await callWorker(
      new Request('https://t.acme.test/_lt/v1/events', {
        method: 'POST',
        headers: { 'content-type': 'text/plain', origin: 'https://www.acme.test' },
        body: JSON.stringify(batch([event()])),
      }),
      { EVENTS_QUEUE: queue },
    );
    expect(response.status).toBe(202);
    expect(queue.sent).toHaveLength(1);
  });
});

describe('POST /v1/events and the first-party cookie', () => {
  it('is not set while consent is pending or denied', async () => {
    for (const consent of ['pending', 'denied']) {
      const response = await postEvents(batch([event()], { consent }), { env: { EVENTS_QUEUE: recordingQueue() } });
      expect(response.status).toBe(202);
      expect(response.headers.get('set-cookie')).toBeNull();
    }
  });

  it('is not set with Sec-GPC: 1 when the tenant honours GPC', async () => {
    const response = await postEvents(batch([event()]), { headers: { 'sec-gpc': '1' }, env: { EVENTS_QUEUE: recordingQueue() } });
    expect(response.status).toBe(202);
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it("follows the tenant's consent default when the batch does not say", async () => {
    const response = await postEvents(batch([event()]), {
      host: 't.globex.test',
      origin: 'https://www.globex.test',
      env: { EVENTS_QUEUE: recordingQueue() },
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('set-cookie')).toBeNull(); // globex: consent_default = "pending"
    const granted = await postEvents(batch([event()], { consent: 'granted' }), {
      host: 't.globex.test',
      origin: 'https://www.globex.test',
      headers: { 'sec-gpc': '1' },
      env: { EVENTS_QUEUE: recordingQueue() },
    });
    expect(granted.headers.get('set-cookie')).toContain('Domain=globex.test'); // globex does not honour GPC
  });

  it('is host-only when the collector and the page share only a public suffix', async () => {
    const cookieFor = async (host: string, origin: string) => {
      const response = await postEvents(batch([event()]), { host, origin, env: { EVENTS_QUEUE: recordingQueue() } });
      expect(response.status).toBe(202);
      return response.headers.get('set-cookie') ?? '';
    };
    const alpha = await cookieFor('t.alpha.co.uk', 'https://www.beta.co.uk');
    expect(alpha).toContain('_lt_id=');
    expect(alpha).not.toContain('Domain=');
    expect(await cookieFor('a.github.io', 'https://b.github.io')).not.toContain('Domain=');
    expect(await cookieFor('t.client.co.uk', 'https://www.client.co.uk')).toContain('Domain=client.co.uk');
  });

  it('is host-only without a page origin', async () => {
    const response = await postEvents(batch([event()]), { origin: null, env: { EVENTS_QUEUE: recordingQueue() } });
    expect(response.headers.get('set-cookie')).not.toContain('Domain=');
  });
});

describe('POST /v1/events rejects, whole and unqueued,', () => {
  const cases: { title: string; body: () => unknown; contentType?: string; status: number; code: string; path?: string }[] = [
    { title: 'malformed JSON', body: () => '{"sent_at": 1, "events": [', status: 400, code: 'invalid_json' },
    { title: 'an empty body', body: () => '', status: 400, code: 'invalid_json' },
    {
      title: 'a wrong content type',
      body: () => batch([event()]),
      contentType: 'application/x-www-form-urlencoded',
      status: 415,
      code: 'unsupported_media_type',
    },
    { title: 'a body that is not an object', body: () => [event()], status: 400, code: 'validation_failed' },
    { title: 'no events', body: () => batch([]), status: 400, code: 'validation_failed', path: 'events' },
    {
      title: 'more than 50 events',
      body: () => batch(Array.from({ length: 51 }, () => event({ first_touch: null, last_touch: null }))),
      status: 400,
      code: 'validation_failed',
      path: 'events',
    },
    {
      title: 'an unknown event type',
      body: () => batch([event(), event({ type: 'purchase' as 'track' })]),
      status: 400,
      code: 'validation_failed',
      path: 'events.1.type',
    },
    {
      title: 'a missing event_id',
      body: () => batch([{ ...event(), event_id: undefined }]),
      status: 400,
      code: 'validation_failed',
      path: 'events.0.event_id',
    },
    {
      title: 'a malformed event_id',
      body: () => batch([event({ event_id: 'bad id!' })]),
      status: 400,
      code: 'validation_failed',
      path: 'events.0.event_id',
    },
    {
      title: 'a missing tracking_id',
      body: () => batch([{ ...event(), tracking_id: undefined }]),
      status: 400,
      code: 'validation_failed',
      path: 'events.0.tracking_id',
    },
    {
      title: 'a malformed tracking_id',
      body: () => batch([event({ tracking_id: 'x'.repeat(65) })]),
      status: 400,
      code: 'validation_failed',
      path: 'events.0.tracking_id',
    },
    {
      title: 'a track event without a name',
      body: () => batch([event({ type: 'track' })]),
      status: 400,
      code: 'validation_failed',
      path: 'events.0.name',
    },
    {
      title: 'a name over its limit',
      body: () => batch([event({ type: 'track', name: 'n'.repeat(129) })]),
      status: 400,
      code: 'validation_failed',
      path: 'events.0.name',
    },
    {
      title: 'a URL over its limit',
      body: () => batch([event({ url: `https://www.acme.test/${'a'.repeat(2048)}` })]),
      status: 400,
      code: 'validation_failed',
      path: 'events.0.url',
    },
    {
      title: 'a property value over its limit',
      body: () => batch([event({ props: { note: 'x'.repeat(1025) } })]),
      status: 400,
      code: 'validation_failed',
      path: 'events.0.props.note',
    },
    {
      title: 'an invalid email trait',
      body: () => batch([event({ type: 'identify', traits: { email: 'not-an-email' } })]),
      status: 400,
      code: 'validation_failed',
      path: 'events.0.traits.email',
    },
    {
      title: 'a timestamp far in the future',
      body: () => ({ sent_at: Date.now(), events: [event({ ts: Date.now() + 3_600_000 })] }),
      status: 400,
      code: 'validation_failed',
      path: 'events.0.ts',
    },
    {
      title: 'a timestamp far in the past',
      body: () => ({ sent_at: Date.now(), events: [event({ ts: Date.now() - 30 * 86_400_000 })] }),
      status: 400,
      code: 'validation_failed',
      path: 'events.0.ts',
    },
    { title: 'a missing sent_at', body: () => ({ events: [event()] }), status: 400, code: 'validation_failed', path: 'sent_at' },
  ];
  for (const testCase of cases) {
    it(testCase.title, async () => {
      const queue = recordingQueue();
      const response = await postEvents(testCase.body(), { contentType: testCase.contentType, env: { EVENTS_QUEUE: queue } });
      const body = await expectError(response, testCase.status, testCase.code);
      if (testCase.path) expect(body.error.details?.issues?.map((issue) => issue.path)).toContain(testCase.path);
      expect(response.headers.get('access-control-allow-origin')).toBe('https://www.acme.test');
      expect(queue.sent).toEqual([]);
    });
  }

  it('a body over 64 KB with 413', async () => {
    const queue = recordingQueue();
    const big = batch([
      event({ props: Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${i}`, 'x'.repeat(1024)])) }),
      event({ props: Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${i}`, 'x'.repeat(1024)])) }),
    ]);
    expect(JSON.stringify(big).length).toBeGreaterThan(64 * 1024);
    await expectError(await postEvents(big, { env: { EVENTS_QUEUE: queue } }), 413, 'payload_too_large');
    expect(queue.sent).toEqual([]);
  });

  it('an unknown host with 404 tenant_not_found', async () => {
    await expectError(
      await postEvents(batch([event()]), { host: 't.unknown.test', env: { EVENTS_QUEUE: recordingQueue() } }),
      404,
      'tenant_not_found',
    );
  });

  it('an origin the tenant does not allow, including another tenant’s site', async () => {
    const queue = recordingQueue();
    const response = await postEvents(batch([event()]), { origin: 'https://www.globex.test', env: { EVENTS_QUEUE: queue } });
    await expectError(response, 403, 'origin_not_allowed');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(queue.sent).toEqual([]);
  });

  it('a failing queue with 503 and Retry-After, and sets no cookie', async () => {
    const response = await postEvents(batch([event()]), { env: { EVENTS_QUEUE: recordingQueue({ fail: true }) } });
    await expectError(response, 503, 'queue_unavailable');
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(response.headers.get('set-cookie')).toBeNull();
  });
});

describe('POST /v1/events without a declared length', () => {
  it('counts streamed bytes and refuses past 64 KB', async () => {
    const { callWorker } = await import('../../test/fixtures');
    const queue = recordingQueue();
    const chunk = new TextEncoder().encode('x'.repeat(16 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 5) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await callWorker(
      new Request('https://t.acme.test/v1/events', { method: 'POST', headers: { 'content-type': 'text/plain' }, body }),
      { EVENTS_QUEUE: queue },
    );
    await expectError(response, 413, 'payload_too_large');
    expect(queue.sent).toEqual([]);
  });
});
