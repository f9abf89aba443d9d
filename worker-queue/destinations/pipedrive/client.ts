/**
 * The only network I/O of the Pipedrive destination: API v2 (persons, person fields) and v1 (leads, notes) with the
 * account's `x-api-token`, each call bounded by AbortSignal.timeout. Non-2xx answers throw HttpFailure carrying how
 * long to wait: Retry-After, else `x-ratelimit-reset` (Pipedrive's burst window is 2 s).
 */
import { HttpFailure, parseRetryAfter } from '../outcome';
import type { AnswerListener } from '../provider-answers';

export interface PipedriveClientOptions {
  baseUrl: string;
  token: string;
  timeoutMs: number;
  /** Told every answer read (the ledger's provider answer, ../provider-answers.ts). */
  onAnswer?: AnswerListener;
}

export type PipedriveClient = ReturnType<typeof createPipedriveClient>;

function parse(text: string): unknown {
  try {
    return text === '' ? null : (JSON.parse(text) as unknown);
  } catch {
    return null;
  }
}

export function retryAfterOf(response: Response, now: number): number | null {
  const header = parseRetryAfter(response.headers.get('retry-after'), now);
  if (header !== null) return header;
  const reset = response.headers.get('x-ratelimit-reset');
  return response.status === 429 ? (reset !== null && /^\d+$/.test(reset) ? Number(reset) : 2) : null;
}

/** `data` of a Pipedrive answer (`{ success, data }`). */
export function dataOf(body: unknown): unknown {
  return typeof body === 'object' && body !== null ? Reflect.get(body, 'data') : undefined;
}

export function createPipedriveClient(options: PipedriveClientOptions) {
  return {
    /** `path` starts with `/api/v2/` or `/v1/`. */
    async call(
      operation: string,
      method: 'GET' | 'POST' | 'PATCH',
      path: string,
      body?: unknown,
      query: Record<string, string> = {},
    ): Promise<unknown> {
      const url = new URL(`${options.baseUrl}${path}`);
      for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
      const headers: Record<string, string> = { 'x-api-token': options.token, accept: 'application/json' };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      const text = await response.text();
      options.onAnswer?.({ operation: `pipedrive ${operation}`, status: response.status, body: text });
      if (!response.ok) throw new HttpFailure(response.status, text, retryAfterOf(response, Date.now()), `pipedrive ${operation}`);
      return dataOf(parse(text));
    },
    /** A DELETE (GDPR deletion): 2xx or 404 (already gone) answer the status; anything else throws HttpFailure. */
    async remove(operation: string, path: string): Promise<number> {
      const response = await fetch(`${options.baseUrl}${path}`, {
        method: 'DELETE',
        headers: { 'x-api-token': options.token, accept: 'application/json' },
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      const text = await response.text();
      if (response.ok || response.status === 404) return response.status;
      throw new HttpFailure(response.status, text, retryAfterOf(response, Date.now()), `pipedrive ${operation}`);
    },
  };
}
