/**
 * The only network I/O of the Salesforce destination: the OAuth client-credentials token (cached per tenant and
 * connected app, refreshed once on 401 INVALID_SESSION_ID) and REST calls with it, each bounded by
 * AbortSignal.timeout. Every answer's `Sforce-Limit-Info` (api-usage=used/limit) is read and reported. Non-2xx
 * answers throw HttpFailure (Retry-After when sent).
 */
import type { SalesforceConfig } from '../../../core/tenants/destinations';
import { readSecret } from '../../../core/tenants/secrets';
import { HttpFailure, PermanentFailure, parseRetryAfter } from '../outcome';
import type { AnswerListener } from '../provider-answers';
import { basicCredentials, tokenBody } from './mapping';

export interface SalesforceClientOptions {
  /** Cache key: the tenant and its connected app, so no tenant ever gets another's token. */
  cacheKey: string;
  loginUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
  onLimit?: (used: number, limit: number) => void;
  /** Told every answer read (the ledger's provider answer, ../provider-answers.ts). */
  onAnswer?: AnswerListener;
}

interface Session {
  accessToken: string;
  instanceUrl: string;
}

const sessions = new Map<string, Promise<Session>>();

export interface SalesforceAnswer {
  status: number;
  body: unknown;
}

export type SalesforceClient = ReturnType<typeof createSalesforceClient>;

function parse(text: string): unknown {
  try {
    return text === '' ? null : (JSON.parse(text) as unknown);
  } catch {
    return null;
  }
}

/** `api-usage=25/15000` → [25, 15000]. */
export function parseLimitInfo(header: string | null): [number, number] | null {
  const match = /api-usage=(\d+)\/(\d+)/.exec(header ?? '');
  return match ? [Number(match[1]), Number(match[2])] : null;
}

async function requestToken(options: SalesforceClientOptions): Promise<Session> {
  const response = await fetch(`${options.loginUrl}/services/oauth2/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      authorization: basicCredentials(options.clientId, options.clientSecret),
    },
    body: new URLSearchParams({ ...tokenBody() }).toString(),
    signal: AbortSignal.timeout(options.timeoutMs),
  });
  const text = await response.text();
  if (!response.ok)
    throw new HttpFailure(response.status, text, parseRetryAfter(response.headers.get('retry-after'), Date.now()), 'salesforce token');
  const body = parse(text);
  const accessToken: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, 'access_token') : undefined;
  const instanceUrl: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, 'instance_url') : undefined;
  if (typeof accessToken !== 'string' || typeof instanceUrl !== 'string')
    throw new HttpFailure(502, text, null, 'salesforce token: no access_token');
  return { accessToken, instanceUrl: instanceUrl.replace(/\/+$/, '') };
}

function session(options: SalesforceClientOptions, fresh: boolean): Promise<Session> {
  const cached = sessions.get(options.cacheKey);
  if (cached && !fresh) return cached;
  const started = requestToken(options);
  sessions.set(options.cacheKey, started);
  started.catch(() => {
    if (sessions.get(options.cacheKey) === started) sessions.delete(options.cacheKey);
  });
  return started;
}

export function createSalesforceClient(options: SalesforceClientOptions) {
  async function once(current: Session, method: 'PATCH' | 'DELETE', path: string, body: unknown): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${current.accessToken}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${current.instanceUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  }
  return {
    /** `accept`: statuses the caller reads itself (e.g. 400 with per-error codes). */
    async call(
      operation: string,
      method: 'PATCH' | 'DELETE',
      path: string,
      body: unknown,
      accept: readonly number[] = [],
    ): Promise<SalesforceAnswer> {
      let current = await session(options, false);
      let response = await once(current, method, path, body);
      if (response.status === 401) {
        // The cached token expired: one fresh token, one more try; a second 401 is the credentials' fault.
        await response.body?.cancel();
        current = await session(options, true);
        response = await once(current, method, path, body);
      }
      const limit = parseLimitInfo(response.headers.get('sforce-limit-info'));
      if (limit) options.onLimit?.(limit[0], limit[1]);
      const text = await response.text();
      options.onAnswer?.({ operation: `salesforce ${operation}`, status: response.status, body: text });
      if (response.ok || accept.includes(response.status)) return { status: response.status, body: parse(text) };
      throw new HttpFailure(
        response.status,
        text,
        parseRetryAfter(response.headers.get('retry-after'), Date.now()),
        `salesforce ${operation}`,
      );
    },
  };
}

/**
 * The client of a tenant's connected app: its secrets read from the Worker's env (a missing one is a permanent
 * failure: no retry sets it), the token cached per tenant, instance and app.
 */
export function salesforceClientFor(
  env: Env,
  tenantId: string,
  config: SalesforceConfig,
  options: Pick<SalesforceClientOptions, 'timeoutMs' | 'onLimit'>,
): SalesforceClient {
  const clientId = readSecret(env, config.client_id);
  const clientSecret = readSecret(env, config.client_secret);
  if (!clientId || !clientSecret) {
    const missing = clientId ? config.client_secret : config.client_id;
    throw new PermanentFailure(`secret ${missing} is not set (wrangler secret put ${missing})`);
  }
  return createSalesforceClient({
    ...options,
    cacheKey: `${tenantId}\u0000${config.instance_url}\u0000${config.client_id}`,
    loginUrl: config.instance_url,
    clientId,
    clientSecret,
  });
}

/** Drops every cached token (tests start each case against a new org). */
export function forgetSalesforceSessions(): void {
  sessions.clear();
}
