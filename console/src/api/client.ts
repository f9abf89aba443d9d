/**
 * The page's one door to the server: /v1/admin on the page's own origin with the pasted token as a Bearer
 * header. Every refusal arrives as the error envelope `{ error: { code, message } }` and becomes an ApiError
 * the views show as it is; a network failure is an ApiError too (code "network").
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface Envelope {
  error?: { code?: unknown; message?: unknown };
}

async function errorOf(response: Response): Promise<ApiError> {
  let envelope: Envelope = {};
  try {
    envelope = (await response.json()) as Envelope;
  } catch {
    // Not JSON (a proxy's page): the status speaks for itself.
  }
  const code = typeof envelope.error?.code == 'string' ? envelope.error.code : `http_${response.status}`;
  const message = typeof envelope.error?.message == 'string' ? envelope.error.message : response.statusText || `HTTP ${response.status}`;
  return new ApiError(response.status, code, message);
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  signal?: AbortSignal;
}

/** The raw response of an admin request that succeeded (2xx); throws ApiError otherwise. */
export async function adminResponse(token: string, path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (error) {
    if (error instanceof DOMException && error.name == 'AbortError') throw error;
    throw new ApiError(0, 'network', error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) throw await errorOf(response);
  return response;
}

export async function adminJson<T>(token: string, path: string, options: RequestOptions = {}): Promise<T> {
  return (await (await adminResponse(token, path, options)).json()) as T;
}

/** A query string from the set values only (empty strings and nulls are left out). */
export function query(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
