/**
 * The only network I/O of the Chatwoot destination: Application API calls with the account's api_access_token,
 * each bounded by AbortSignal.timeout. Non-2xx answers (other than the ones a caller expects) throw HttpFailure
 * carrying the status, the bounded body and Retry-After, for the delivery loop to classify.
 */
import { HttpFailure, parseRetryAfter } from '../outcome';
import type { AnswerListener } from '../provider-answers';

export interface ChatwootClientOptions {
  baseUrl: string;
  accountId: number;
  token: string;
  timeoutMs: number;
  /** Told every answer read (the ledger's provider answer, ../provider-answers.ts). */
  onAnswer?: AnswerListener;
}

export interface CallOptions {
  body?: unknown;
  query?: Record<string, string>;
  /** Non-2xx statuses the caller handles itself (e.g. 422 on contact create). */
  accept?: readonly number[];
}

export interface CallResult {
  status: number;
  body: unknown;
}

export type ChatwootClient = ReturnType<typeof createChatwootClient>;

async function readBody(response: Response): Promise<{ text: string; json: unknown }> {
  const text = await response.text();
  if (text === '') return { text, json: null };
  try {
    return { text, json: JSON.parse(text) as unknown };
  } catch {
    return { text, json: null };
  }
}

export function createChatwootClient(options: ChatwootClientOptions) {
  const accountBase = `${options.baseUrl}/api/v1/accounts/${options.accountId}`;
  return {
    /** `path` is relative to /api/v1/accounts/{account_id}; `operation` names the spec's operationId for errors. */
    async call(
      operation: string,
      method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
      path: string,
      call: CallOptions = {},
    ): Promise<CallResult> {
      const url = new URL(`${accountBase}${path}`);
      for (const [key, value] of Object.entries(call.query ?? {})) url.searchParams.set(key, value);
      const headers: Record<string, string> = { api_access_token: options.token, accept: 'application/json' };
      if (call.body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(url, {
        method,
        headers,
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      const { text, json } = await readBody(response);
      options.onAnswer?.({ operation: `chatwoot ${operation}`, status: response.status, body: text });
      if (response.ok || call.accept?.includes(response.status)) return { status: response.status, body: json };
      throw new HttpFailure(
        response.status,
        text,
        parseRetryAfter(response.headers.get('retry-after'), Date.now()),
        `chatwoot ${operation}`,
      );
    },
  };
}
