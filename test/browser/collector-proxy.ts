/**
 * A scripted collector in front of the local Worker, for transport tests: it answers POST /v1/events with
 * the statuses a test queues (429/503 with Retry-After, 400), or holds a batch before forwarding it (a slow
 * collector), and forwards everything else to the Worker.
 * GET /tag.html is a page with the one-line tag on the proxy's origin.
 * (Playwright's request interception cannot be used for this: it can stall keepalive fetches.)
 */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Attempt {
  at: number;
  names: string[];
}
/** A scripted status (with Retry-After), or `delayMs` alone: forward to the Worker after that long. */
export interface Answer {
  status?: number;
  retryAfter?: number;
  delayMs?: number;
}

export interface CollectorProxy {
  url: string;
  attempts: Attempt[];
  /** Decides the answer for a batch (by its events' names); undefined forwards it to the Worker. */
  answer: (names: string[]) => Answer | undefined;
  close(): Promise<void>;
}

export const collectorProxy = async (worker: string): Promise<CollectorProxy> => {
  const proxy: CollectorProxy = { url: '', attempts: [], answer: () => undefined, close: async () => {} };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const origin = req.headers.origin;
        if (origin) {
          res.setHeader('Access-Control-Allow-Origin', origin);
          res.setHeader('Access-Control-Allow-Credentials', 'true');
          res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
        }
        const body = Buffer.concat(chunks).toString();
        if (req.url == '/tag.html') {
          // A page on the proxy's own origin carrying the one-line tag: its collector is this proxy.
          res.writeHead(200, { 'Content-Type': 'text/html' });
          res.end('<!doctype html><title>tag via proxy</title><script async src="/lt.js"></script>');
          return;
        }
        if (req.method == 'POST' && req.url == '/v1/events') {
          const names = (JSON.parse(body) as { events: { name?: string }[] }).events.map((e) => e.name ?? '');
          const a = proxy.answer(names);
          if (a) proxy.attempts.push({ at: Date.now(), names });
          if (a?.delayMs) await new Promise((r) => setTimeout(r, a.delayMs));
          if (a?.status) {
            if (a.retryAfter) res.setHeader('Retry-After', String(a.retryAfter));
            res.writeHead(a.status, { 'Content-Type': 'application/json' });
            res.end('{"error":{"code":"scripted","message":"scripted answer","request_id":"proxy"}}');
            return;
          }
        }
        const r = await fetch(worker + req.url, {
          method: req.method,
          headers: { 'content-type': req.headers['content-type'] ?? 'text/plain', ...(origin ? { origin } : {}) },
          body: req.method == 'POST' ? body : undefined,
        });
        res.writeHead(r.status, { 'Content-Type': r.headers.get('content-type') ?? 'text/plain' });
        res.end(Buffer.from(await r.arrayBuffer()));
      })().catch(() => {
        res.writeHead(502);
        res.end();
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  proxy.close = () => new Promise((r) => server.close(() => r()));
  return proxy;
};
