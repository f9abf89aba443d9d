/**
 * Faults a fake injects on demand: an HTTP answer (500, 429 with Retry-After, 400 …), a timeout (the answer never
 * comes; the caller's AbortSignal ends the wait) or a network error. Each fault applies to the next `times`
 * requests that `match` (default: every request).
 */
export type Fault =
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'timeout' }
  | { kind: 'network' }
  /** The provider does the work but its answer never arrives (the caller times out): how duplicates are born. */
  | { kind: 'lost' };

interface Pending {
  fault: Fault;
  times: number;
  match: (request: Request) => boolean;
}

export class FaultQueue {
  private pending: Pending[] = [];

  inject(fault: Fault, options: { times?: number; match?: (request: Request) => boolean } = {}): void {
    this.pending.push({ fault, times: options.times ?? 1, match: options.match ?? (() => true) });
  }

  clear(): void {
    this.pending = [];
  }

  /** The fault for this request, if one is due (consumes one of its `times`). */
  take(request: Request): Fault | null {
    const entry = this.pending.find((item) => item.times > 0 && item.match(request));
    if (!entry) return null;
    entry.times -= 1;
    this.pending = this.pending.filter((item) => item.times > 0);
    return entry.fault;
  }
}

/** Turns a fault into the fake's answer (a rejected promise for timeouts and network errors). */
export function answerFault(fault: Fault, request: Request): Promise<Response> {
  if (fault.kind === 'network') return Promise.reject(new TypeError('Network connection lost.'));
  if (fault.kind === 'timeout' || fault.kind === 'lost') {
    return new Promise((_, reject) => {
      const signal = request.signal;
      const abort = () =>
        reject(signal.reason instanceof Error ? signal.reason : new DOMException('The operation timed out.', 'TimeoutError'));
      if (signal.aborted) abort();
      else signal.addEventListener('abort', abort);
    });
  }
  const body = fault.body === undefined ? '' : typeof fault.body === 'string' ? fault.body : JSON.stringify(fault.body);
  return Promise.resolve(
    new Response(body, { status: fault.status, headers: { 'content-type': 'application/json', ...(fault.headers ?? {}) } }),
  );
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** What a fake saw, for assertions (requests per lead, which credential went where). */
export interface SeenRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

export async function record(request: Request, into: SeenRequest[]): Promise<Request> {
  const body = await request.clone().text();
  into.push({ method: request.method, url: request.url, headers: Object.fromEntries(request.headers), body });
  return request;
}
