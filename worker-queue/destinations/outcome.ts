/**
 * What a destination's attempt came to, and how provider answers and errors map onto it (design §2):
 * done → ledger + ack; retry → `retry({ delaySeconds })`; dead → a dead letter at once, no retry storm.
 */
import { backoffSeconds } from '../backoff';

/** Provider bodies kept in dead letters and logs are cut here: enough to read the error, never a whole page. */
export const MAX_PROVIDER_BODY = 2000;

export type Outcome =
  | { kind: 'done'; remoteId?: string | null }
  | { kind: 'retry'; reason: string; status?: number | null; body?: string | null; retryAfterSeconds?: number | null }
  | { kind: 'dead'; reason: string; status?: number | null; body?: string | null };

/** A non-2xx answer from a provider; `client.ts` files throw it, the loop classifies it. */
export class HttpFailure extends Error {
  readonly body: string;
  constructor(
    readonly status: number,
    body: string,
    readonly retryAfterSeconds: number | null,
    readonly operation: string,
  ) {
    super(`${operation} answered ${status}`);
    this.name = 'HttpFailure';
    this.body = bounded(body);
  }
}

/** A failure no retry can fix (missing secret, invalid config, a payload the provider can never accept). */
export class PermanentFailure extends Error {
  constructor(
    message: string,
    readonly status: number | null = null,
    readonly body: string | null = null,
  ) {
    super(message);
    this.name = 'PermanentFailure';
  }
}

export function bounded(text: string, max = MAX_PROVIDER_BODY): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

/** 408, 429 and 5xx may succeed later; any other 4xx (bad credentials, validation) never will. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** `Retry-After` as delta-seconds or an HTTP-date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

export function outcomeOfStatus(status: number, body: string, retryAfterSeconds: number | null, operation: string): Outcome {
  const reason = `${operation} answered ${status}`;
  return isRetryableStatus(status)
    ? { kind: 'retry', reason, status, body: bounded(body), retryAfterSeconds }
    : { kind: 'dead', reason, status, body: bounded(body) };
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

/** Errors thrown by a destination: provider answers by status, timeouts and network errors retry. */
export function outcomeOfError(error: unknown): Outcome {
  if (error instanceof HttpFailure) return outcomeOfStatus(error.status, error.body, error.retryAfterSeconds, error.operation);
  if (error instanceof PermanentFailure) return { kind: 'dead', reason: error.message, status: error.status, body: error.body };
  if (isTimeout(error)) return { kind: 'retry', reason: `timed out: ${String(error)}` };
  // Network errors (TypeError from fetch) and anything unexpected (a D1 hiccup): retry, bounded by max_retries.
  return { kind: 'retry', reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}

/** Retry delay: capped exponential backoff with jitter, or the provider's Retry-After when that is longer. */
export function retryDelaySeconds(attempts: number, retryAfterSeconds: number | null | undefined, random?: () => number): number {
  const backoff = backoffSeconds(attempts, random ? { random } : {});
  // Queues cap delaySeconds at 12 hours.
  return Math.min(43_200, Math.max(backoff, retryAfterSeconds ?? 0));
}
