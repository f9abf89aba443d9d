/**
 * Fixtures of the console's delivery-operations tests: ledger rows and dead letters written the way the delivery
 * loop writes them (edge/ tests do not import worker-queue/), and admin requests through the Worker's real fetch
 * handler with bindings replaced (a recording queue), for any tenant with a console.
 */
import { env } from 'cloudflare:test';
import { sign } from 'hono/jwt';
import { nanoid } from 'nanoid';
import { callWorker } from './fixtures';
import { TEST_SECRETS } from './tenants';

const alnum = (size: number) => nanoid(size).replace(/[^A-Za-z0-9]/g, 'x');

export const newLeadId = () => `lead_${alnum(14)}`;

const CONSOLES: Record<string, { host: string; key: string }> = {
  acme: { host: 't.acme.test', key: TEST_SECRETS.CONSOLE_JWT_ACME },
  globex: { host: 't.globex.test', key: TEST_SECRETS.CONSOLE_JWT_GLOBEX },
  'ops-a': { host: 't.ops-a.test', key: TEST_SECRETS.CONSOLE_JWT_OPS_A },
};

export function consoleHost(tenant: string): string {
  const entry = CONSOLES[tenant];
  if (!entry) throw new Error(`no console test tenant ${tenant}`);
  return entry.host;
}

/** A console request with a valid token of the role, optionally with some bindings replaced. */
export async function consoleCall(
  tenant: string,
  path: string,
  init: { method?: string; body?: unknown; role?: 'viewer' | 'admin' } = {},
  overrides: Partial<Env> = {},
): Promise<Response> {
  const entry = CONSOLES[tenant];
  if (!entry) throw new Error(`no console test tenant ${tenant}`);
  const now = Math.floor(Date.now() / 1000);
  const token = await sign({ tenant, role: init.role ?? 'admin', sub: 'ops@agency.test', iat: now, exp: now + 600 }, entry.key, 'HS256');
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const request = new Request(`https://${entry.host}${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body === undefined ? {} : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
  });
  return callWorker(request, overrides);
}

export interface LedgerRow {
  id: string;
  destination?: string;
  target?: number;
  leadId: string;
  at: number;
  remoteId?: string | null;
  replayOf?: string | null;
}

export async function seedLedgerRow(tenantId: string, row: LedgerRow): Promise<void> {
  await env.DB.prepare(
    `INSERT INTO deliveries (id, tenant_id, destination, target, lead_id, lead_version, payload_hash, status, remote_id, attempts, replay_of, at)
     VALUES (?, ?, ?, ?, ?, 1, ?, 'delivered', ?, 1, ?, ?)`,
  )
    .bind(
      row.id,
      tenantId,
      row.destination ?? 'hubspot',
      row.target ?? 0,
      row.leadId,
      alnum(32),
      row.remoteId ?? null,
      row.replayOf ?? null,
      row.at,
    )
    .run();
}

export interface DeadLetterRow {
  destination?: string;
  queue?: string;
  target?: number;
  leadId: string;
  at?: number;
  status?: number | null;
  body?: string | null;
  replayedAt?: number | null;
}

export async function seedDeadLetterRow(tenantId: string, row: DeadLetterRow): Promise<string> {
  const id = `dl_${alnum(16)}`;
  const destination = row.destination ?? 'hubspot';
  const message = {
    v: 1,
    tenant_id: tenantId,
    destination,
    target: row.target ?? 0,
    lead_id: row.leadId,
    lead_version: 1,
    type: 'lead.upserted',
  };
  await env.DB.prepare(
    `INSERT INTO dead_letters (id, tenant_id, queue, message_id, body, attempts, error, created_at, replayed_at, destination, target, lead_id, status, provider_body)
     VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
    .bind(
      id,
      tenantId,
      row.queue ?? 'crm',
      nanoid(),
      JSON.stringify(message),
      `${destination} answered ${row.status ?? 401}`,
      row.at ?? Date.now(),
      row.replayedAt ?? null,
      destination,
      row.target ?? 0,
      row.leadId,
      row.status === undefined ? 401 : row.status,
      row.body === undefined ? '{"message":"invalid token"}' : row.body,
    )
    .run();
  return id;
}
