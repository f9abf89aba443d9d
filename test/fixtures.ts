/** Builders for realistic client batches and helpers to call the Worker with (or without) real bindings. */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { nanoid } from 'nanoid';
import type { ClientEvent, RequestContext, Touch } from '../core/events';
import worker from '../worker';

export function touch(overrides: Partial<Touch> = {}): Touch {
  return {
    ts: Date.now() - 60_000,
    channel: 'paid_search',
    utm_source: 'google',
    utm_medium: 'cpc',
    utm_campaign: 'spring',
    utm_term: null,
    utm_content: null,
    utm_id: null,
    click_ids: { gclid: 'Cj0KCQ-test' },
    referrer: 'https://www.google.com/',
    landing_url: 'https://www.acme.test/?utm_source=google&utm_medium=cpc&utm_campaign=spring&gclid=Cj0KCQ-test',
    ...overrides,
  };
}

/** What the collector learned about a realistic (non-bot) browser request: the context every queued message carries. */
export function requestContext(overrides: Partial<RequestContext> = {}): RequestContext {
  return {
    received_at: Date.now(),
    ip_hash: 'abc',
    country: 'DE',
    region: null,
    city: 'Berlin',
    asn: 3320,
    user_agent: 'Mozilla/5.0',
    browser: 'Chrome 130',
    os: 'Linux',
    device: 'desktop',
    bot: false,
    ...overrides,
  };
}

export function event(overrides: Partial<ClientEvent> = {}): ClientEvent {
  const first = touch();
  return {
    event_id: nanoid(),
    type: 'page_view',
    ts: Date.now() - 1000,
    tracking_id: 'trk_default_visitor',
    session_id: 'ses_default_session',
    url: 'https://www.acme.test/pricing',
    title: 'Pricing',
    first_touch: first,
    last_touch: first,
    ...overrides,
  };
}

export function batch(events: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { sent_at: Date.now(), events, ...extra };
}

export interface PostOptions {
  host?: string;
  origin?: string | null;
  contentType?: string;
  headers?: Record<string, string>;
  env?: Partial<Env>;
}

/** POSTs a batch through the Worker's real fetch handler (optionally with some bindings replaced). */
export async function postEvents(body: unknown, options: PostOptions = {}): Promise<Response> {
  const host = options.host ?? 't.acme.test';
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'text/plain;charset=UTF-8',
    'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36',
    'cf-connecting-ip': '203.0.113.7',
    ...options.headers,
  };
  const origin = options.origin === undefined ? 'https://www.acme.test' : options.origin;
  if (origin !== null) headers.origin = origin;
  const request = new Request(`https://${host}/v1/events`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return callWorker(request, options.env);
}

export async function callWorker(request: Request, overrides: Partial<Env> = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await worker.fetch(request as Request<unknown, IncomingRequestCfProperties>, { ...env, ...overrides }, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

/** A producer binding that records what the collector enqueued, and can be told to fail. */
export function recordingQueue(options: { fail?: boolean } = {}): Queue & { sent: unknown[] } {
  const sent: unknown[] = [];
  const queue = {
    sent,
    async send(body: unknown) {
      if (options.fail) throw new Error('Queue send failed: simulated outage');
      sent.push(body);
    },
    async sendBatch(messages: Iterable<MessageSendRequest>) {
      if (options.fail) throw new Error('Queue sendBatch failed: simulated outage');
      for (const message of messages) sent.push(message.body);
    },
    async metrics() {
      return { backlogCount: 0, backlogBytes: 0 };
    },
  };
  return queue as unknown as Queue & { sent: unknown[] };
}

export interface ErrorEnvelope {
  error: {
    code: string;
    message: string;
    details?: { issues?: { path: string; message: string }[] } & Record<string, unknown>;
    request_id: string;
  };
}
