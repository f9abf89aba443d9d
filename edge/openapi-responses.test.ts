/**
 * The served OpenAPI document against real answers of EVERY route (issue 11: "a test validates real responses of
 * every route against it, so it cannot drift"). The route list comes from the app itself (like edge/openapi.test.ts):
 * a route added without a case here fails the first test, naming it. Each case makes a real request through the
 * Worker's fetch handler and holds the answer to the document: the status must be documented for the operation and
 * a JSON body must match its schema (test/openapi-responses.ts). Cases cover the successes and the usual refusals.
 */
import { describe, expect, it } from 'vitest';
import { hmacSha256Hex } from '../core/crypto/hmac';
import { consoleToken } from '../test/admin';
import { chatKey, chatRequest, chatVisitor, issueToken } from '../test/chat';
import { seedLead } from '../test/delivery';
import { batch, callWorker, event, postEvents, recordingQueue, requestContext } from '../test/fixtures';
import { documentedOperation, expectDocumentedResponse } from '../test/openapi-responses';
import { consoleCall, newLeadId, seedDeadLetterRow, seedLedgerRow } from '../test/ops-console';
import { TEST_SECRETS } from '../test/tenants';
import { createApp } from './app';

interface Case {
  /** What the request shows (the test's name). */
  name: string;
  /** The status this request must get: a case that stops exercising what it says fails. */
  status: number;
  request: () => Promise<Response>;
}

const ORIGIN = 'https://www.acme.test';

function get(url: string, headers: Record<string, string> = {}): Promise<Response> {
  return callWorker(new Request(url, { headers }));
}

function preflight(path: string, method: string, headers?: string, host = 't.acme.test', origin = ORIGIN): Promise<Response> {
  const requestHeaders: Record<string, string> = { origin, 'access-control-request-method': method };
  if (headers) requestHeaders['access-control-request-headers'] = headers;
  return callWorker(new Request(`https://${host}${path}`, { method: 'OPTIONS', headers: requestHeaders }));
}

/** The preflight cases of an API path: the route's own method and headers (204), and another origin (403). */
function preflights(path: string, method: string, headers?: string): Case[] {
  return [
    { name: `allowed ${method}`, status: 204, request: () => preflight(path, method, headers) },
    { name: 'origin not allowed', status: 403, request: () => preflight(path, method, headers, 't.acme.test', 'https://evil.test') },
  ];
}

async function chatwootDelivery(host: string, payload: unknown, secret: string | null): Promise<Response> {
  const body = JSON.stringify(payload);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'X-Chatwoot-Timestamp': timestamp,
    'X-Chatwoot-Delivery': crypto.randomUUID(),
    'X-Chatwoot-Signature': secret === null ? `sha256=${'0'.repeat(64)}` : `sha256=${await hmacSha256Hex(secret, `${timestamp}.${body}`)}`,
  };
  return callWorker(new Request(`https://${host}/v1/webhooks/chatwoot`, { method: 'POST', headers, body }));
}

/** An operator route (bearer OPS_TOKEN) with recording queues. */
function opsPost(path: string, body: unknown, token: string | null, queues: Partial<Env> = {}): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  return callWorker(new Request(`https://t.chat-a.test${path}`, { method: 'POST', headers, body: JSON.stringify(body) }), {
    EVENTS_QUEUE: recordingQueue(),
    CHATWOOT_QUEUE: recordingQueue(),
    CRM_QUEUE: recordingQueue(),
    ...queues,
  });
}

const opsReplay = (body: unknown, token: string | null) => opsPost('/v1/ops/replay', body, token);

/** One historical page view, 40 days old, as `npm run seed` sends them. */
function backfillBody(): unknown {
  const view = event({ ts: Date.now() - 40 * 86_400_000 });
  return { messages: [{ request: requestContext({ received_at: view.ts }), events: [{ ts: view.ts, event: view }] }] };
}

function adminGet(path: string, role: 'viewer' | 'admin' = 'viewer'): Promise<Response> {
  return consoleCall('acme', path, { role });
}

function adminReplay(body: unknown, role: 'viewer' | 'admin' = 'admin'): Promise<Response> {
  return consoleCall(
    'acme',
    '/v1/admin/replay',
    { method: 'POST', body, role },
    { CRM_QUEUE: recordingQueue(), CHATWOOT_QUEUE: recordingQueue() },
  );
}

/** A spend import as text (a CSV export), by an admin of acme. */
async function spendCsv(body: string, contentType = 'text/csv'): Promise<Response> {
  const headers = { authorization: `Bearer ${await consoleToken('acme')}`, 'content-type': contentType };
  return callWorker(new Request('https://t.acme.test/v1/admin/spend?format=generic', { method: 'POST', headers, body }));
}

/** The demo tenant's read-back of a visitor stored by the real ingest code. */
async function demoVisitor(): Promise<Response> {
  const lead = await seedLead('demo');
  return get(`http://localhost/v1/demo/visitor?tracking_id=${lead.trackingId}`);
}

/**
 * Every route the app serves → its cases. Routes other helpers add (admin leads, funnel, …; chat) get their cases
 * when they are merged: until then the coverage test below names them.
 */
const CASES: Record<string, Case[]> = {
  'GET /healthz': [
    { name: 'healthy', status: 200, request: () => get('https://t.acme.test/healthz') },
    { name: 'unknown host', status: 404, request: () => get('https://t.nobody.test/healthz') },
  ],
  'POST /v1/events': [
    { name: 'accepted', status: 202, request: () => postEvents(batch([event()]), { env: { EVENTS_QUEUE: recordingQueue() } }) },
    { name: 'invalid batch', status: 400, request: () => postEvents({ sent_at: Date.now(), events: [{ type: 'nope' }] }) },
    { name: 'origin not allowed', status: 403, request: () => postEvents(batch([event()]), { origin: 'https://evil.test' }) },
    { name: 'unknown host', status: 404, request: () => postEvents(batch([event()]), { host: 't.nobody.test' }) },
    { name: 'not JSON text', status: 415, request: () => postEvents(batch([event()]), { contentType: 'application/xml' }) },
    {
      name: 'queue down',
      status: 503,
      request: () => postEvents(batch([event()]), { env: { EVENTS_QUEUE: recordingQueue({ fail: true }) } }),
    },
  ],
  'OPTIONS /v1/events': preflights('/v1/events', 'POST', 'content-type'),
  'GET /v1/openapi.json': [{ name: 'the document', status: 200, request: () => get('https://t.acme.test/v1/openapi.json') }],
  'OPTIONS /v1/openapi.json': preflights('/v1/openapi.json', 'GET'),
  'GET /v1/config': [
    { name: 'tenant without a widget', status: 200, request: () => get('https://t.acme.test/v1/config') },
    { name: 'tenant with a widget', status: 200, request: () => get('https://t.initech.test/v1/config') },
    { name: 'unknown host', status: 404, request: () => get('https://t.nobody.test/v1/config') },
  ],
  'OPTIONS /v1/config': preflights('/v1/config', 'GET'),
  'POST /v1/chat/token': [
    {
      name: 'first browser claims the chat',
      status: 200,
      request: async () =>
        callWorker(chatRequest('POST', '/v1/chat/token', { tracking_id: (await chatVisitor()).trackingId, key: chatKey() })),
    },
    {
      name: 'another browser asks for a held chat',
      status: 403,
      request: async () => {
        const { trackingId } = await chatVisitor();
        await issueToken(trackingId);
        return callWorker(chatRequest('POST', '/v1/chat/token', { tracking_id: trackingId, key: chatKey() }));
      },
    },
    { name: 'invalid body', status: 400, request: () => callWorker(chatRequest('POST', '/v1/chat/token', { tracking_id: 'x' })) },
    {
      name: 'tenant without Chatwoot',
      status: 404,
      request: () => callWorker(chatRequest('POST', '/v1/chat/token', { tracking_id: 'trk_abcdefgh', key: chatKey() }, 't.acme.test')),
    },
  ],
  'OPTIONS /v1/chat/token': preflights('/v1/chat/token', 'POST', 'content-type'),
  'POST /v1/chat/messages': [
    {
      name: 'accepted',
      status: 202,
      request: async () => {
        const token = await issueToken((await chatVisitor()).trackingId);
        return callWorker(chatRequest('POST', '/v1/chat/messages', { token, client_id: 'msg_openapi_01', text: 'hi' }), {
          CHAT_QUEUE: recordingQueue(),
        });
      },
    },
    {
      name: 'forged token',
      status: 401,
      request: () => callWorker(chatRequest('POST', '/v1/chat/messages', { token: 'v1.x.y', client_id: 'msg_openapi_02', text: 'hi' })),
    },
    {
      name: 'queue unavailable',
      status: 503,
      request: async () => {
        const token = await issueToken((await chatVisitor()).trackingId);
        return callWorker(chatRequest('POST', '/v1/chat/messages', { token, client_id: 'msg_openapi_03', text: 'hi' }), {
          CHAT_QUEUE: recordingQueue({ fail: true }),
        });
      },
    },
  ],
  'GET /v1/chat/messages': [
    {
      name: 'the history',
      status: 200,
      request: async () => callWorker(chatRequest('GET', `/v1/chat/messages?token=${await issueToken((await chatVisitor()).trackingId)}`)),
    },
    { name: 'no token', status: 401, request: () => callWorker(chatRequest('GET', '/v1/chat/messages')) },
  ],
  'OPTIONS /v1/chat/messages': preflights('/v1/chat/messages', 'POST', 'content-type'),
  'GET /v1/chat/socket': [
    {
      name: 'the upgrade',
      status: 101,
      request: async () => {
        const token = await issueToken((await chatVisitor()).trackingId);
        const response = await callWorker(
          new Request(`https://t.inbound-a.test/v1/chat/socket?token=${token}`, { headers: { upgrade: 'websocket' } }),
        );
        response.webSocket?.accept();
        response.webSocket?.close(1000);
        return response;
      },
    },
    { name: 'not an upgrade', status: 400, request: () => callWorker(chatRequest('GET', '/v1/chat/socket?token=x')) },
  ],
  'OPTIONS /v1/chat/socket': preflights('/v1/chat/socket', 'GET'),
  'GET /v1/demo/visitor': [
    { name: 'a stored visitor and its lead', status: 200, request: demoVisitor },
    { name: 'a visitor never seen', status: 200, request: () => get('http://localhost/v1/demo/visitor?tracking_id=trk_never_seen_1') },
    { name: 'bad tracking id', status: 400, request: () => get('http://localhost/v1/demo/visitor?tracking_id=x') },
    { name: 'not a demo tenant', status: 404, request: () => get('https://t.acme.test/v1/demo/visitor?tracking_id=trk_never_seen_1') },
  ],
  'OPTIONS /v1/demo/visitor': [
    {
      name: 'allowed GET',
      status: 204,
      request: () => preflight('/v1/demo/visitor', 'GET', undefined, 'localhost', 'http://localhost:8787'),
    },
    {
      name: 'origin not allowed',
      status: 403,
      request: () => preflight('/v1/demo/visitor', 'GET', undefined, 'localhost', 'https://evil.test'),
    },
  ],
  'POST /v1/ops/replay': [
    { name: 'nothing to replay', status: 200, request: () => opsReplay({ lead_id: 'lead_nothing' }, TEST_SECRETS.OPS_TOKEN) },
    { name: 'no filter', status: 400, request: () => opsReplay({}, TEST_SECRETS.OPS_TOKEN) },
    { name: 'no token', status: 401, request: () => opsReplay({ lead_id: 'lead_nothing' }, null) },
  ],
  'POST /v1/ops/backfill': [
    { name: 'queued', status: 202, request: () => opsPost('/v1/ops/backfill', backfillBody(), TEST_SECRETS.OPS_TOKEN) },
    { name: 'invalid message', status: 400, request: () => opsPost('/v1/ops/backfill', { messages: [{}] }, TEST_SECRETS.OPS_TOKEN) },
    { name: 'no token', status: 401, request: () => opsPost('/v1/ops/backfill', backfillBody(), null) },
    {
      name: 'queue down',
      status: 503,
      request: () => opsPost('/v1/ops/backfill', backfillBody(), TEST_SECRETS.OPS_TOKEN, { EVENTS_QUEUE: recordingQueue({ fail: true }) }),
    },
  ],
  'OPTIONS /v1/ops/backfill': preflights('/v1/ops/backfill', 'POST'),
  // Server-to-server routes: a page may preflight them but send no extra headers.
  'OPTIONS /v1/ops/replay': preflights('/v1/ops/replay', 'POST'),
  'POST /v1/webhooks/chatwoot': [
    {
      name: 'signed, not stored (an event LeadTrail does not keep)',
      status: 200,
      request: () =>
        chatwootDelivery('t.inbound-a.test', { event: 'conversation_created', id: 1 }, TEST_SECRETS.CHATWOOT_WEBHOOK_INBOUND_A),
    },
    { name: 'bad signature', status: 401, request: () => chatwootDelivery('t.inbound-a.test', { event: 'message_created' }, null) },
    {
      name: 'tenant without a webhook secret',
      status: 404,
      request: () => chatwootDelivery('t.acme.test', { event: 'message_created' }, 'x'),
    },
  ],
  'OPTIONS /v1/webhooks/chatwoot': preflights('/v1/webhooks/chatwoot', 'POST'),
  'GET /v1/admin/me': [
    { name: 'a viewer', status: 200, request: () => adminGet('/v1/admin/me') },
    { name: 'no token', status: 401, request: () => get('https://t.acme.test/v1/admin/me') },
    {
      name: 'a token for another tenant',
      status: 403,
      request: async () =>
        get('https://t.acme.test/v1/admin/me', { authorization: `Bearer ${await consoleToken('acme', { tenant: 'globex' })}` }),
    },
    {
      name: 'a tenant without a console',
      status: 404,
      request: () => get('https://t.initech.test/v1/admin/me', { authorization: 'Bearer x' }),
    },
  ],
  'OPTIONS /v1/admin/me': preflights('/v1/admin/me', 'GET', 'authorization'),
  'GET /v1/admin/deliveries': [
    {
      name: 'a page of the ledger',
      status: 200,
      request: async () => {
        const leadId = newLeadId();
        await seedLedgerRow('acme', { id: `dlv_oa_${leadId.slice(5)}`, leadId, at: Date.now(), remoteId: '42' });
        return adminGet(`/v1/admin/deliveries?lead_id=${leadId}`);
      },
    },
    { name: 'bad limit', status: 400, request: () => adminGet('/v1/admin/deliveries?limit=500') },
    { name: 'no token', status: 401, request: () => get('https://t.acme.test/v1/admin/deliveries') },
  ],
  'OPTIONS /v1/admin/deliveries': preflights('/v1/admin/deliveries', 'GET', 'authorization'),
  'GET /v1/admin/dead-letters': [
    {
      name: 'open dead letters',
      status: 200,
      request: async () => {
        const leadId = newLeadId();
        await seedDeadLetterRow('acme', { leadId, status: 422, body: '{"status":"error"}' });
        return adminGet(`/v1/admin/dead-letters?lead_id=${leadId}&status=open`);
      },
    },
    { name: 'bad status', status: 400, request: () => adminGet('/v1/admin/dead-letters?status=closed') },
    { name: 'no token', status: 401, request: () => get('https://t.acme.test/v1/admin/dead-letters') },
  ],
  'OPTIONS /v1/admin/dead-letters': preflights('/v1/admin/dead-letters', 'GET', 'authorization'),
  'POST /v1/admin/replay': [
    {
      name: 'replayed',
      status: 200,
      request: async () => adminReplay({ id: await seedDeadLetterRow('acme', { leadId: newLeadId() }) }),
    },
    { name: 'no filter', status: 400, request: () => adminReplay({}) },
    { name: 'a viewer', status: 403, request: () => adminReplay({ destination: 'hubspot' }, 'viewer') },
    { name: 'unknown dead letter', status: 404, request: () => adminReplay({ id: 'dl_doesnotexist' }) },
  ],
  'OPTIONS /v1/admin/replay': preflights('/v1/admin/replay', 'POST', 'authorization, content-type'),
  'GET /v1/admin/queues': [
    { name: 'queue health', status: 200, request: () => adminGet('/v1/admin/queues') },
    { name: 'no token', status: 401, request: () => get('https://t.acme.test/v1/admin/queues') },
  ],
  'OPTIONS /v1/admin/queues': preflights('/v1/admin/queues', 'GET', 'authorization'),
  'GET /v1/admin/leads': [
    { name: 'search by email', status: 200, request: async () => adminGet(`/v1/admin/leads?email=${(await seedLead('acme')).email}`) },
    { name: 'bad stage', status: 400, request: () => adminGet('/v1/admin/leads?stage=Hot') },
    { name: 'no token', status: 401, request: () => get('https://t.acme.test/v1/admin/leads') },
  ],
  'OPTIONS /v1/admin/leads': preflights('/v1/admin/leads', 'GET', 'authorization'),
  'GET /v1/admin/leads.csv': [
    { name: 'the export', status: 200, request: () => adminGet('/v1/admin/leads.csv?stage=SQL') },
    { name: 'bad range', status: 400, request: () => adminGet('/v1/admin/leads.csv?from=2026-02-30') },
  ],
  'OPTIONS /v1/admin/leads.csv': preflights('/v1/admin/leads.csv', 'GET', 'authorization'),
  'GET /v1/admin/leads/{id}': [
    { name: 'a lead', status: 200, request: async () => adminGet(`/v1/admin/leads/${(await seedLead('acme')).leadId}`) },
    { name: 'another tenant’s lead', status: 404, request: async () => adminGet(`/v1/admin/leads/${(await seedLead('globex')).leadId}`) },
  ],
  // Parameterised paths are not in the preflight table (edge/methods.ts keeps exact paths): the door refuses it.
  'OPTIONS /v1/admin/leads/{id}': [
    { name: 'not preflighted', status: 401, request: () => preflight('/v1/admin/leads/x', 'GET', 'authorization') },
  ],
  'POST /v1/admin/deletions': [
    {
      name: 'delete a person',
      status: 202,
      request: async () =>
        consoleCall(
          'acme',
          '/v1/admin/deletions',
          { method: 'POST', body: { email: (await seedLead('acme')).email }, role: 'admin' },
          { CRM_QUEUE: recordingQueue(), CHATWOOT_QUEUE: recordingQueue() },
        ),
    },
    {
      name: 'no selector',
      status: 400,
      request: () => consoleCall('acme', '/v1/admin/deletions', { method: 'POST', body: {}, role: 'admin' }),
    },
    {
      name: 'a viewer',
      status: 403,
      request: () => consoleCall('acme', '/v1/admin/deletions', { method: 'POST', body: { email: 'a@b.test' }, role: 'viewer' }),
    },
  ],
  'GET /v1/admin/deletions': [
    { name: 'the audit', status: 200, request: () => adminGet('/v1/admin/deletions') },
    { name: 'bad cursor', status: 400, request: () => adminGet('/v1/admin/deletions?cursor=nope') },
  ],
  'OPTIONS /v1/admin/deletions': preflights('/v1/admin/deletions', 'POST', 'authorization, content-type'),
  'GET /v1/admin/funnel': [
    { name: 'the funnel', status: 200, request: () => adminGet('/v1/admin/funnel?from=2026-06-01&to=2026-06-30&campaign=spring') },
    { name: 'to before from', status: 400, request: () => adminGet('/v1/admin/funnel?from=2026-06-10&to=2026-06-01') },
    { name: 'no token', status: 401, request: () => get('https://t.acme.test/v1/admin/funnel') },
  ],
  'OPTIONS /v1/admin/funnel': preflights('/v1/admin/funnel', 'GET', 'authorization'),
  'GET /v1/admin/breakdown': [
    { name: 'the campaign table', status: 200, request: () => adminGet('/v1/admin/breakdown?by=campaign') },
    { name: 'unknown dimension', status: 400, request: () => adminGet('/v1/admin/breakdown?by=country') },
    { name: 'no token', status: 401, request: () => get('https://t.acme.test/v1/admin/breakdown?by=campaign') },
  ],
  'OPTIONS /v1/admin/breakdown': preflights('/v1/admin/breakdown', 'GET', 'authorization'),
  'GET /v1/admin/breakdown.csv': [
    { name: 'the CSV', status: 200, request: () => adminGet('/v1/admin/breakdown.csv?by=variant') },
    { name: 'no dimension', status: 400, request: () => adminGet('/v1/admin/breakdown.csv') },
  ],
  'OPTIONS /v1/admin/breakdown.csv': preflights('/v1/admin/breakdown.csv', 'GET', 'authorization'),
  'GET /v1/admin/trends': [
    { name: 'by week', status: 200, request: () => adminGet('/v1/admin/trends?interval=week') },
    { name: 'bad interval', status: 400, request: () => adminGet('/v1/admin/trends?interval=hour') },
  ],
  'OPTIONS /v1/admin/trends': preflights('/v1/admin/trends', 'GET', 'authorization'),
  'GET /v1/admin/spend': [
    { name: 'the list', status: 200, request: () => adminGet('/v1/admin/spend?limit=5') },
    { name: 'bad cursor', status: 400, request: () => adminGet('/v1/admin/spend?cursor=nope') },
  ],
  'POST /v1/admin/spend': [
    {
      name: 'JSON rows',
      status: 200,
      request: () =>
        consoleCall('acme', '/v1/admin/spend', { method: 'POST', body: { rows: [{ date: '2026-06-02', campaign: 'spring', cost: 1 }] } }),
    },
    { name: 'a bad row', status: 400, request: () => spendCsv('date,campaign,cost\n2026-06-02,spring,"1,5"\n') },
    {
      name: 'a viewer',
      status: 403,
      request: () =>
        consoleCall('acme', '/v1/admin/spend', {
          method: 'POST',
          role: 'viewer',
          body: { rows: [{ date: '2026-06-02', campaign: 'x', cost: 1 }] },
        }),
    },
    { name: 'neither JSON nor CSV', status: 415, request: () => spendCsv('x', 'application/xml') },
  ],
  'OPTIONS /v1/admin/spend': preflights('/v1/admin/spend', 'POST', 'authorization, content-type'),
  'GET /v1/admin/alerts': [
    { name: 'the alerts', status: 200, request: () => adminGet('/v1/admin/alerts') },
    { name: 'bad limit', status: 400, request: () => adminGet('/v1/admin/alerts?limit=0') },
  ],
  'OPTIONS /v1/admin/alerts': preflights('/v1/admin/alerts', 'GET', 'authorization'),
  'GET /lt.js': [
    { name: 'the tracker', status: 200, request: () => get('https://t.acme.test/lt.js') },
    { name: 'unknown host', status: 404, request: () => get('https://t.nobody.test/lt.js') },
  ],
  'GET /lt-widget.js': [
    { name: 'the widget', status: 200, request: () => get('https://t.initech.test/lt-widget.js') },
    { name: 'a tenant without a widget', status: 404, request: () => get('https://t.acme.test/lt-widget.js') },
  ],
  'GET /console': [
    { name: 'the page', status: 200, request: () => get('https://t.acme.test/console') },
    { name: 'a tenant without a console', status: 404, request: () => get('https://t.initech.test/console') },
  ],
  'GET /console/': [
    { name: 'to /console', status: 308, request: () => callWorker(new Request('https://t.acme.test/console/', { redirect: 'manual' })) },
    { name: 'a tenant without a console', status: 404, request: () => get('https://t.initech.test/console/') },
  ],
  'GET /console/app.js': [
    { name: 'the bundle', status: 200, request: () => get('https://t.acme.test/console/app.js') },
    { name: 'a tenant without a console', status: 404, request: () => get('https://t.initech.test/console/app.js') },
  ],
  'GET /console/app.css': [
    { name: 'the stylesheet', status: 200, request: () => get('https://t.acme.test/console/app.css') },
    { name: 'a tenant without a console', status: 404, request: () => get('https://t.initech.test/console/app.css') },
  ],
};

/**
 * Beyond the shared checker: a body's media type must be one the document names for that status, and a JSON body
 * must have a schema there, so a response documented without one cannot pass unvalidated.
 */
function expectDocumentedMediaType(response: Response, method: string, path: string): void {
  const { template, operation } = documentedOperation(method, path);
  const content = operation.responses?.[String(response.status)]?.content ?? {};
  const type = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
  if (response.status === 204 || type === '') return;
  expect(Object.keys(content), `${method} ${template} → ${response.status} does not document ${type}`).toContain(type);
  if (type === 'application/json')
    expect(content[type]?.schema, `${method} ${template} → ${response.status} has no JSON schema`).toBeDefined();
}

/** What the app serves, as edge/openapi.test.ts derives it: its routes plus the CORS preflight of every API path. */
function servedRoutes(): string[] {
  const served = createApp()
    .routes.filter((route) => route.method !== 'ALL' && !route.path.includes('*'))
    // Hono's `:id` is OpenAPI's `{id}`: CASES are keyed the way the document names paths.
    .map((route) => `${route.method} ${route.path.replace(/:([A-Za-z_]+)/g, '{$1}')}`);
  const preflightRoutes = served
    .filter((route) => route.split(' ')[1]?.startsWith('/v1/'))
    .map((route) => `OPTIONS ${route.split(' ')[1]}`);
  return [...new Set([...served, ...preflightRoutes])].sort();
}

describe('every route’s real answers match the served OpenAPI document', () => {
  it('has cases for every route the app serves', () => {
    const missing = servedRoutes().filter((route) => (CASES[route] ?? []).length === 0);
    expect(missing, `routes without a case in edge/openapi-responses.test.ts (add them to CASES): ${missing.join(', ')}`).toEqual([]);
    const stale = Object.keys(CASES).filter((route) => !servedRoutes().includes(route));
    expect(stale, `CASES names routes the app no longer serves: ${stale.join(', ')}`).toEqual([]);
  });

  for (const [route, cases] of Object.entries(CASES)) {
    const [method = '', path = ''] = route.split(' ');
    it.each(cases.map((item) => [item.name, item] as const))(`${route}: %s`, async (_name, item) => {
      const response = await item.request();
      // Read the body only to explain a wrong status: a WebSocket handshake (101) cannot be cloned.
      const detail = response.status === item.status ? '' : await response.clone().text();
      expect(response.status, `${route} (${item.name}) answered ${response.status}: ${detail}`).toBe(item.status);
      const concrete = path.replace(/\{[^}]+\}/g, 'x');
      await expectDocumentedResponse(response, method, concrete);
      expectDocumentedMediaType(response, method, concrete);
    });
  }
});
