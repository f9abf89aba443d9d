/**
 * Routes the isolate's outbound fetch to in-process fakes by host. The workerd tests call `worker.queue(…)` in the
 * test isolate, so the consumer's real client code runs and its real fetch calls reach the fake. The caller's
 * AbortSignal is honoured, so a hanging fake ends in the client's own timeout.
 */
import { vi } from 'vitest';

type Handler = (request: Request) => Promise<Response>;

export function routeFetch(hosts: Record<string, Handler>): void {
  const original = globalThis.fetch;
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const handler = hosts[new URL(request.url).host];
    if (!handler) return original(input, init);
    const signal = init?.signal ?? request.signal;
    if (signal?.aborted) throw signal.reason;
    return new Promise<Response>((resolve, reject) => {
      signal?.addEventListener('abort', () => reject(signal.reason));
      handler(new Request(request, { signal: signal ?? null })).then(resolve, reject);
    });
  });
}
