// @ts-check
/**
 * `npm run bench`: the collector's throughput and latency against a bare Worker on the same local workerd,
 * then the ingest consumer's insert rate into local D1 (design.md §6). Not a test: it prints a markdown
 * table for the README and writes it to .tmp/bench-result.md. Everything runs on 127.0.0.1, and the whole
 * run is bounded (about 30 s with the defaults; a watchdog stops it at 115 s).
 *
 *   npm run bench -- --duration 10 --warmup 2 --connections 50 --batches 100
 *   npm run bench -- --only ingest      # just the ingest consumer (events/s, D1 statements per worst-case batch)
 *   npm run bench -- --only consumer    # the consumer path: POST → scoring, fan-out → Chatwoot consumer → the fake
 *
 * Where the collector's CPU goes: `node scripts/bench/profile.mjs` (not part of this run).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { benchConsumer, consumerMarkdown } from './bench/consumer.mjs';
import { benchIngest } from './bench/ingest.mjs';
import { load, probe } from './bench/load.mjs';
import { ingestMarkdown, markdown } from './bench/report.mjs';
import { bodyTemplates } from './bench/traffic.mjs';
import { BENCH_RATE_LIMIT, TENANT, bundleWorker, startBare, startCollector } from './bench/workers.mjs';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '50' },
    batches: { type: 'string', default: '100' },
    only: { type: 'string' },
    leads: { type: 'string', default: '300' },
  },
});
if (args.only !== undefined && args.only !== 'ingest' && args.only !== 'consumer')
  throw new Error(`--only takes "ingest" or "consumer", not "${args.only}"`);
const ONLY_INGEST = args.only === 'ingest';
const ONLY_CONSUMER = args.only === 'consumer';
const DURATION = Number(args.duration);
const WARMUP = Number(args.warmup);
const CONNECTIONS = Number(args.connections);
const BATCHES = Number(args.batches);
const EVENTS_PER_REQUEST = 10;
const OUT_DIR = '.tmp/bench';
const RESULT_FILE = '.tmp/bench-result.md';
// A hard stop in case workerd or a socket hangs: the bench must always end by itself.
const DEADLINE_MS = Math.max(115_000, (2 * (WARMUP + DURATION) + 80) * 1000);

/** @type {import('miniflare').Miniflare[]} */
const running = [];
async function disposeAll() {
  await Promise.allSettled(running.splice(0).map((mf) => mf.dispose()));
}
const watchdog = setTimeout(() => {
  console.error(`bench: still running after ${DEADLINE_MS / 1000} s, giving up`);
  void disposeAll().finally(() => process.exit(1));
}, DEADLINE_MS);
watchdog.unref();
process.once('SIGINT', () => void disposeAll().finally(() => process.exit(130)));

const log = (/** @type {string} */ line) => console.error(`bench: ${line}`);

function versions() {
  const require = createRequire(import.meta.url);
  /** @param {string} name */
  const version = (name) =>
    /** @type {{ version: string }} */ (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8'))).version;
  return { miniflare: version('miniflare'), workerd: version('workerd'), autocannon: version('autocannon') };
}

/**
 * Warm-up (discarded), then the measured run.
 * @param {string} name @param {import('./bench/load.mjs').Target} target @param {number} expectedStatus
 */
async function measure(name, target, expectedStatus) {
  const first = await probe(target);
  if (first.status !== expectedStatus)
    throw new Error(`${name} answered ${first.status}, expected ${expectedStatus}: ${first.body.slice(0, 500)}`);
  log(`${name}: warm-up ${WARMUP} s`);
  await load({ ...target, tag: `${target.tag}w` }, { connections: CONNECTIONS, duration: WARMUP });
  log(`${name}: ${DURATION} s at ${CONNECTIONS} connections`);
  const result = await load(target, { connections: CONNECTIONS, duration: DURATION });
  const unexpected = Object.keys(result.statuses).filter((code) => Number(code) !== expectedStatus);
  if (unexpected.length > 0 || result.errors > 0)
    log(`${name}: WARNING unexpected responses ${JSON.stringify(result.statuses)}, ${result.errors} errors`);
  return result;
}

/** @param {Awaited<ReturnType<typeof startCollector>>} collector */
function runIngest(collector) {
  log(`ingest consumer: up to ${BATCHES} batches of 100, then one worst-case batch (100 messages × 50 identifies)`);
  return benchIngest(
    collector.mf,
    { tenantId: 'bench-ingest', batches: BATCHES, batchSize: 100, timeLimitMs: 20_000, seed: 7 },
    collector.counters,
  );
}

async function main() {
  const started = Date.now();
  const loadAverage = loadavg()[0] ?? 0; // recorded in the report: other work on the machine skews everything
  mkdirSync(OUT_DIR, { recursive: true });
  log('bundling worker.ts (wrangler deploy --dry-run)');
  const scriptPath = bundleWorker(OUT_DIR);
  // Enough distinct visitors that requests do not repeat a UA/IP pattern; bodies are filled per request.
  const templates = bodyTemplates({ seed: 42, size: 500, eventsPerBatch: EVENTS_PER_REQUEST, now: Date.now() });
  const runTag = `b${Date.now().toString(36)}`;

  if (ONLY_CONSUMER) {
    log(`consumer path: warm-up, 10 single leads, then a burst of ${args.leads} leads → conversations in the Chatwoot fake`);
    const result = await benchConsumer(scriptPath, {
      leads: Number(args.leads),
      concurrency: 10,
      trickle: 10,
      trickleGapMs: 1000,
      timeLimitMs: 60_000,
      seed: 11,
    });
    const table = consumerMarkdown(result, loadAverage);
    writeFileSync(RESULT_FILE, table);
    console.log(table);
    log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s; written to ${RESULT_FILE}`);
    return;
  }

  if (ONLY_INGEST) {
    const collector = await startCollector(scriptPath);
    running.push(collector.mf);
    const ingest = await runIngest(collector);
    await disposeAll();
    const table = ingestMarkdown(ingest, loadAverage);
    writeFileSync(RESULT_FILE, table);
    console.log(table);
    log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s; written to ${RESULT_FILE}`);
    return;
  }

  const bare = await startBare();
  running.push(bare.mf);
  const target = { host: TENANT.host, origin: TENANT.origin, templates, tag: runTag };
  const bareRun = await measure('bare Worker', { ...target, url: bare.url }, 204);
  await bare.mf.dispose();
  running.splice(running.indexOf(bare.mf), 1);

  // The collector's own work; the queue has no local consumer (why: startCollector in bench/workers.mjs).
  const collector = await startCollector(scriptPath);
  running.push(collector.mf);
  const collectorRun = await measure('collector', { ...target, url: collector.url, tag: `${runTag}c` }, 202);

  // The same collector with the queue send going over RPC to a Worker that discards it (see startCollector).
  const rpc = await startCollector(scriptPath, { queue: 'rpc' });
  running.push(rpc.mf);
  const rpcRun = await measure('collector (RPC null queue)', { ...target, url: rpc.url, tag: `${runTag}r` }, 202);
  await rpc.mf.dispose();
  running.splice(running.indexOf(rpc.mf), 1);

  // The same instance's D1 is migrated and still empty: the collector never writes it.
  const ingest = await runIngest(collector);
  const queueSendFailures = collector.counters.queueSendFailures;
  await disposeAll();

  const table = markdown({
    bare: bareRun,
    collector: collectorRun,
    rpc: rpcRun,
    ingest,
    queueSendFailures,
    eventsPerRequest: EVENTS_PER_REQUEST,
    connections: CONNECTIONS,
    duration: DURATION,
    warmup: WARMUP,
    rateLimit: BENCH_RATE_LIMIT,
    productLimits: collector.productLimits,
    loadAverage,
    versions: versions(),
  });
  writeFileSync(RESULT_FILE, table);
  console.log(table);
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s; written to ${RESULT_FILE}`);
}

try {
  await main();
} catch (error) {
  console.error(error);
  await disposeAll();
  process.exitCode = 1;
}
