// @ts-check
/// <reference path="./autocannon.d.ts" />
/**
 * HTTP load with autocannon's programmatic API. Both targets get byte-for-byte the same kind of request
 * (same headers, same body templates, fresh event_ids), so the load tool costs the same per request and
 * the throughput ratio compares the Workers, not the client.
 */
import { request as httpRequest } from 'node:http';
import autocannon from 'autocannon';
import { fillBody } from './traffic.mjs';

/**
 * @typedef {{ parts: string[], ua: string, ip: string }} BodyTemplate
 * @typedef {{ url: URL, host: string, origin: string, templates: BodyTemplate[], tag: string }} Target
 */

/** @param {Target} target */
function requestFactory(target) {
  let n = 0;
  /** @param {number} i */
  return (i = n++) => {
    const template = /** @type {BodyTemplate} */ (target.templates[i % target.templates.length]);
    return {
      headers: {
        host: target.host,
        origin: target.origin,
        'content-type': 'text/plain;charset=UTF-8', // what sendBeacon/fetch without preflight send
        'user-agent': template.ua,
        'cf-connecting-ip': template.ip, // Miniflare passes it through; production sets it at the edge
        accept: '*/*',
      },
      body: fillBody(template.parts, `${target.tag}${i.toString(36)}`),
    };
  };
}

/**
 * One request with node:http (fetch may not set Host) to check the target answers as expected before
 * loading it, and to show the error envelope if it does not.
 * @param {Target} target
 * @returns {Promise<{ status: number, body: string }>}
 */
export function probe(target) {
  const { headers, body } = requestFactory({ ...target, tag: `${target.tag}probe` })();
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: target.url.hostname, port: target.url.port, path: '/v1/events', method: 'POST', headers, timeout: 10_000 },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('probe timed out')));
    req.end(body);
  });
}

/**
 * @param {Target} target
 * @param {{ connections: number, duration: number }} options duration in seconds
 */
export async function load(target, { connections, duration }) {
  const next = requestFactory(target);
  const result = await autocannon({
    url: target.url.origin,
    connections,
    duration,
    pipelining: 1, // browsers do not pipeline; one request in flight per connection
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: '/v1/events',
        // Called for every request: a unique body (fresh event_ids) and that visitor's UA and IP.
        setupRequest(req) {
          const { headers, body } = next();
          return { ...req, headers: { ...req.headers, ...headers }, body };
        },
      },
    ],
  });
  /** @type {Record<string, number>} */
  const statuses = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = stats.count;
  return {
    seconds: result.duration,
    total: result.requests.total,
    ok: result['2xx'],
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}
