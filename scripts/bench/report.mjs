// @ts-check
/** The markdown the bench prints and writes to .tmp/bench-result.md, ready to paste into the README. */
import { cpus } from 'node:os';

/**
 * @typedef {{ seconds: number, total: number, ok: number, statuses: Record<string, number>, errors: number, timeouts: number, p50: number, p99: number }} LoadResult
 * @typedef {{ events: number, statements: number, round_trips: number, ms: number }} WorstCase
 * @typedef {{ batches: number, sent: number, seconds: number, rows: number, leads: number, touches: number, p50: number, p99: number, worstCase: WorstCase | null }} IngestResult
 */

const int = (/** @type {number} */ n) => Math.round(n).toLocaleString('en-US');
// autocannon records whole milliseconds, so no decimals anywhere.
const ms = (/** @type {number} */ n) => `${Math.round(n)} ms`;
const statuses = (/** @type {LoadResult} */ r) =>
  [
    ...Object.entries(r.statuses).map(([code, n]) => `${int(n)} × ${code}`),
    ...(r.errors ? [`${r.errors} errors`] : []),
    ...(r.timeouts ? [`${r.timeouts} timeouts`] : []),
  ].join(', ');

/** @param {IngestResult} ingest */
function ingestRows(ingest) {
  const ingestRate = ingest.sent / ingest.seconds;
  const worst = ingest.worstCase;
  return [
    '| ingest consumer (queue batches of 100 → local D1) | batches | events | events/s | p50 per batch | p99 per batch | rows in D1 |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    `| raw events + leads + touches | ${ingest.batches} | ${int(ingest.sent)} | ${int(ingestRate)} | ${ms(ingest.p50)} | ${ms(ingest.p99)} | ${int(ingest.rows)} raw events${ingest.rows === ingest.sent ? ' ✓' : ' ✗'}, ${int(ingest.leads)} leads, ${int(ingest.touches)} touches |`,
    '',
    '| worst-case queue batch (100 messages × 50 identifies, distinct browsers and emails, 500 merges) | events | D1 statements | round trips | time |',
    '| --- | ---: | ---: | ---: | ---: |',
    worst
      ? `| one batch, as the consumer logged it | ${int(worst.events)} | **${int(worst.statements)}** | ${int(worst.round_trips)} | ${ms(worst.ms)} |`
      : '| one batch | – | (no log line from the consumer) | – | – |',
  ];
}

/**
 * `npm run bench -- --only ingest`: the consumer's table alone.
 * @param {IngestResult} ingest @param {number} loadAverage
 */
export function ingestMarkdown(ingest, loadAverage) {
  const cpu = cpus();
  return [
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`npm run bench -- --only ingest\` on ${cpu.length} × ${cpu[0]?.model.trim() ?? 'CPU'}, ` +
      `Node ${process.version} (1-minute load average before the run: ${loadAverage.toFixed(1)}).`,
    '',
    ...ingestRows(ingest),
    '',
  ].join('\n');
}

/**
 * @param {{ bare: LoadResult, collector: LoadResult, rpc: LoadResult, ingest: IngestResult, queueSendFailures: number,
 *   eventsPerRequest: number, connections: number, duration: number, warmup: number, rateLimit: number, productLimits: string[], loadAverage: number, versions: Record<string, string> }} r
 */
export function markdown(r) {
  const rps = (/** @type {LoadResult} */ x) => x.ok / x.seconds;
  const ratio = rps(r.collector) / rps(r.bare);
  const cpu = cpus();
  const row = (/** @type {string} */ name, /** @type {LoadResult} */ x, /** @type {number} */ events) =>
    `| ${name} | ${int(rps(x))} | ${events ? int(rps(x) * events) : '–'} | ${ms(x.p50)} | ${ms(x.p99)} | ${statuses(x)} |`;
  return [
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`npm run bench\` on ${cpu.length} × ${cpu[0]?.model.trim() ?? 'CPU'}, ` +
      `Node ${process.version}, ${Object.entries(r.versions)
        .map(([name, v]) => `${name} ${v}`)
        .join(', ')}. ` +
      `autocannon, ${r.connections} connections, ${r.duration} s per target after a ${r.warmup} s warm-up, load tool and workerd on the same cores ` +
      `(1-minute load average before the run: ${r.loadAverage.toFixed(1)}; anything else running skews the numbers).`,
    '',
    `| \`POST /v1/events\` (${r.eventsPerRequest} events per request, text/plain) | requests/s | events/s | p50 | p99 | responses |`,
    '| --- | ---: | ---: | ---: | ---: | --- |',
    row('bare Worker (204, same workerd)', r.bare, 0),
    row('collector: validate, enrich, sendBatch → 202', r.collector, r.eventsPerRequest),
    `| **collector / bare** | **${ratio.toFixed(2)}** | | | | goal ≥ 0.5 |`,
    row('collector, EVENTS_QUEUE = RPC to a null queue (no local broker)', r.rpc, r.eventsPerRequest),
    `| **that collector / bare** | **${(rps(r.rpc) / rps(r.bare)).toFixed(2)}** | | | | own work plus a serialised cross-isolate send |`,
    '',
    ...ingestRows(r.ingest),
    '',
    `- Rate limits: both bindings stay on the request path but are raised to ${int(r.rateLimit)} per period for the bench; ` +
      `with wrangler.toml's (${r.productLimits.join(', ')}) this load would mostly be answered 429.`,
    `- The collector's \`EVENTS_QUEUE.sendBatch\` goes to Miniflare's queue broker with no consumer attached, so the broker acknowledges without storing ` +
      `(${int(r.queueSendFailures)} sends failed). With a consumer attached, the local broker arms one timer per message and fails with 503s past workerd's ` +
      '10,000 active timers at this load (workers-sdk#15670), which would measure the simulator rather than the collector; in production the queue is another service.',
    '- The ingest consumer is the product `queue()` handler called through Miniflare with queue batches of 100 events (10 `EventMessage`s, one per browser batch), one at a time (D1 has one writer); ' +
      'each batch is 10 visits of 10 events from a pool of returning visitors, some identifying with an email another device already used (merge).',
    '- workerd runs the Worker on one thread and the load tool shares the same cores, so absolute numbers are far below production; ' +
      'compare the ratio within one run, not numbers across machines or runs. At this many connections both Workers are saturated, ' +
      'so p99 is mostly time spent queued behind that one thread.',
    '- Each request carries a different visitor (user agent, IP) and fresh event_ids; each batch of 10 is 6 page_view, 3 track and 1 identify, all with first and last touches.',
    '',
  ].join('\n');
}
