/**
 * The only network I/O of the HubSpot destination: CRM v3 calls with the portal's private-app token, each bounded
 * by AbortSignal.timeout. Non-2xx answers (other than those a caller expects) throw HttpFailure with the bounded
 * body and how long to wait: Retry-After when sent, else the 429 body's policy (TEN_SECONDLY_ROLLING → 10 s,
 * SECONDLY → 1 s, DAILY → an hour), so a rate-limited portal is retried after its window, not hammered.
 */
import { HttpFailure, parseRetryAfter } from '../outcome';
import type { AnswerListener } from '../provider-answers';

export interface HubspotClientOptions {
  baseUrl: string;
  token: string;
  timeoutMs: number;
  /** Called with X-HubSpot-RateLimit-Remaining (calls left in the portal's 10 s window) when HubSpot sends it. */
  onRemaining?: (remaining: number) => void;
  /** Told every answer read (the ledger's provider answer, ../provider-answers.ts). */
  onAnswer?: AnswerListener;
}

export interface HubspotAnswer {
  status: number;
  body: unknown;
}

export type HubspotClient = ReturnType<typeof createHubspotClient>;

const POLICY_SECONDS: Record<string, number> = { TEN_SECONDLY_ROLLING: 10, SECONDLY: 1, DAILY: 3600 };

function parse(text: string): unknown {
  try {
    return text === '' ? null : (JSON.parse(text) as unknown);
  } catch {
    return null;
  }
}

export function retryAfterOf(response: Response, body: unknown, now: number): number | null {
  const header = parseRetryAfter(response.headers.get('retry-after'), now);
  if (header !== null) return header;
  if (response.status !== 429) return null;
  const policy = typeof body === 'object' && body !== null && 'policyName' in body ? String(body.policyName) : '';
  return POLICY_SECONDS[policy] ?? 10;
}

export function createHubspotClient(options: HubspotClientOptions) {
  return {
    async call(
      operation: string,
      method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
      path: string,
      body?: unknown,
      accept: readonly number[] = [],
    ): Promise<HubspotAnswer> {
      const headers: Record<string, string> = { authorization: `Bearer ${options.token}`, accept: 'application/json' };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${options.baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      const text = await response.text();
      options.onAnswer?.({ operation: `hubspot ${operation}`, status: response.status, body: text });
      const json = parse(text);
      if (response.ok || accept.includes(response.status)) {
        const remaining = response.headers.get('x-hubspot-ratelimit-remaining');
        if (remaining !== null && /^\d+$/.test(remaining)) options.onRemaining?.(Number(remaining));
        return { status: response.status, body: json };
      }
      throw new HttpFailure(response.status, text, retryAfterOf(response, json, Date.now()), `hubspot ${operation}`);
    },
  };
}
