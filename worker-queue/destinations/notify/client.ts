/**
 * The one network call of notifications: POST the JSON payload to the incoming-webhook URL (a secret: it is
 * the credential). Returns what the delivery loop classifies on (status, Retry-After, a bounded body); a
 * network error or the timeout rejects (`TypeError`, `TimeoutError`), which the loop treats as retryable.
 */

export interface NotifyResponse {
  status: number;
  /** Seconds from `Retry-After` (delta-seconds or HTTP date), null when absent or unreadable. */
  retryAfter: number | null;
  /** The first BODY_MAX_CHARS of the answer, for a dead letter's diagnosis. */
  body: string;
}

export const NOTIFY_TIMEOUT_MS = 10_000;
const BODY_MAX_CHARS = 2048;

export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed));
  const date = Date.parse(trimmed);
  return Number.isFinite(date) ? Math.max(0, Math.ceil((date - nowMs) / 1000)) : null;
}

export interface PostOptions {
  timeoutMs?: number;
  /** Injected in tests; the global fetch otherwise. */
  fetcher?: typeof fetch;
}

export async function postNotification(url: string, payload: unknown, options: PostOptions = {}): Promise<NotifyResponse> {
  const fetcher = options.fetcher ?? fetch;
  const response = await fetcher(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'LeadTrail-Notify/1' },
    body: JSON.stringify(payload),
    // A webhook URL that redirects is misconfigured; following it would carry the payload elsewhere.
    redirect: 'manual',
    signal: AbortSignal.timeout(options.timeoutMs ?? NOTIFY_TIMEOUT_MS),
  });
  const body = await response.text();
  return {
    status: response.status,
    retryAfter: parseRetryAfter(response.headers.get('retry-after'), Date.now()),
    body: body.slice(0, BODY_MAX_CHARS),
  };
}
