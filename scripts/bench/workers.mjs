// @ts-check
/**
 * The two Workers under test, each in its own Miniflare 4 (one workerd process each, served straight from
 * workerd on 127.0.0.1 with an ephemeral port): the product Worker as `wrangler deploy` would bundle it,
 * and a bare Worker answering 204. Both get the same compatibility settings and the same `cf` object.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Miniflare } from 'miniflare';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';

export const TENANT = { id: 'bench', host: 't.bench.test', origin: 'https://www.bench.test' };

/** High enough that neither binding ever says no during the bench (see the README note it prints). */
export const BENCH_RATE_LIMIT = 1_000_000_000;

// A fixed `cf` object: the enrichment step reads country/region/city/asn, and Miniflare would otherwise
// try to download one (there is no internet here).
export const CF = { country: 'DE', region: 'Berlin', city: 'Berlin', asn: 3320, colo: 'TXL' };

const BARE_SCRIPT = 'export default { fetch() { return new Response(null, { status: 204 }); } };';

/**
 * Bundles worker.ts with wrangler's own bundler (same output as `wrangler deploy`, nodejs_compat
 * polyfills included), offline.
 * @param {string} outdir
 */
export function bundleWorker(outdir) {
  // wrangler checks that the assets directory exists; `npm run build` fills it, the bench does not need it.
  mkdirSync('dist/public', { recursive: true });
  const result = spawnSync(process.execPath, ['node_modules/wrangler/bin/wrangler.js', 'deploy', '--dry-run', '--outdir', outdir], {
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.status !== 0) throw new Error(`wrangler deploy --dry-run failed:\n${result.stderr || result.stdout}`);
  return join(outdir, 'worker.js');
}

/**
 * wrangler.toml as wrangler reads it: compatibility settings, vars and binding names stay in one place.
 * (It also reads .dev.vars and says so; the bench overrides IP_HASH_SALT.)
 */
export function productConfig() {
  // Quiet wrangler's info line while reading, so stdout carries only the table (`npm run bench > x.md`).
  const level = process.env.WRANGLER_LOG;
  process.env.WRANGLER_LOG = 'warn';
  try {
    return unstable_getMiniflareWorkerOptions('wrangler.toml').workerOptions;
  } finally {
    if (level === undefined) delete process.env.WRANGLER_LOG;
    else process.env.WRANGLER_LOG = level;
  }
}

/**
 * @typedef {{ queueSendFailures: number, ingestedBatches: { events: number, statements: number, round_trips: number }[] }} Counters
 */

/**
 * workerd's stdout/stderr: the collector logs one line per failed queue send and the consumer one line per
 * ingested batch (with its D1 statement count); count and keep those instead of flooding the terminal,
 * pass everything else through.
 * @param {Counters} counters
 */
function runtimeStdio(counters) {
  return (/** @type {import('node:stream').Readable[]} */ ...streams) => {
    for (const stream of streams) {
      createInterface({ input: stream }).on('line', (line) => {
        if (line.includes('queue send failed')) counters.queueSendFailures += 1;
        else if (line.includes('"events batch ingested"')) counters.ingestedBatches.push(JSON.parse(line.slice(line.indexOf('{'))));
        else process.stderr.write(`workerd: ${line}\n`);
      });
    }
  };
}

/**
 * The product Worker with its wrangler.toml bindings, minus the queue consumers. With no local consumer
 * for `events`, Miniflare's broker answers sendBatch without storing the messages: the collector still
 * serialises and sends every batch, but the simulator's broker is kept off the measured thread. (With a
 * consumer attached it arms one timer per message and fails past workerd's 10,000 active timers under
 * this load: workers-sdk#15670. In production the queue is another service anyway.) The ingest consumer
 * is measured on its own by calling queue() directly.
 * With `queue: 'rpc'` the EVENTS_QUEUE binding is instead a service binding to a Worker in the same
 * workerd whose `sendBatch` (an RPC method) discards the messages: the message is still serialised and
 * crosses an isolate boundary, as with a remote queue service, but the local broker's own cost is gone.
 * @param {string} scriptPath the bundled product Worker
 * @param {{ inspectorPort?: number, queue?: 'local' | 'rpc' }} [options] inspectorPort: for the profiler (bench/profile.mjs)
 */
export async function startCollector(scriptPath, options = {}) {
  const config = productConfig();
  /** @type {Record<string, { simple: { limit: number, period?: number } }>} */
  const ratelimits = {};
  /** @type {string[]} wrangler.toml's limits, for the report */
  const productLimits = [];
  for (const [name, limiter] of Object.entries(config.ratelimits ?? {})) {
    ratelimits[name] = { ...limiter, simple: { ...limiter.simple, limit: BENCH_RATE_LIMIT } };
    productLimits.push(`${name} ${limiter.simple.limit.toLocaleString('en-US')} per ${limiter.simple.period ?? 60} s`);
  }
  const compatibility = { compatibilityDate: config.compatibilityDate, compatibilityFlags: config.compatibilityFlags };
  /** @type {Counters} */
  const counters = { queueSendFailures: 0, ingestedBatches: [] };
  const rpcQueue = options.queue === 'rpc';
  /** @type {Record<string, unknown>} */
  const producers = { ...(config.queueProducers ?? {}) };
  if (rpcQueue) delete producers.EVENTS_QUEUE;
  const product = {
    name: 'leadtrail',
    modules: true,
    scriptPath,
    ...compatibility,
    bindings: {
      ...config.bindings,
      IP_HASH_SALT: 'bench-salt',
      TENANTS: { [TENANT.id]: { name: 'Bench', hosts: [TENANT.host], allowed_origins: [TENANT.origin] } },
    },
    d1Databases: config.d1Databases, // in memory: Miniflare persists nothing unless told to
    queueProducers: producers,
    ...(rpcQueue ? { serviceBindings: { EVENTS_QUEUE: { name: 'null-queue', entrypoint: 'NullQueue' } } } : {}),
    ratelimits,
    // No assets binding: /v1/events never reads it, and Miniflare's asset router would add a hop
    // (run_worker_first) that the bare Worker does not have.
  };
  const nullQueue = {
    name: 'null-queue',
    modules: true,
    ...compatibility,
    script:
      "import { WorkerEntrypoint } from 'cloudflare:workers';\n" +
      'export class NullQueue extends WorkerEntrypoint { async sendBatch() {} async send() {} }\n' +
      'export default { fetch() { return new Response(null, { status: 204 }); } };',
  };
  const mf = new Miniflare({
    host: '127.0.0.1',
    port: 0,
    cf: CF,
    handleRuntimeStdio: runtimeStdio(counters),
    ...(options.inspectorPort ? { inspectorPort: options.inspectorPort } : {}),
    workers: rpcQueue ? [product, nullQueue] : [product],
  });
  const url = await mf.ready;
  await migrate(mf);
  return { mf, url, counters, productLimits };
}

export async function startBare() {
  const config = productConfig();
  const mf = new Miniflare({
    host: '127.0.0.1',
    port: 0,
    cf: CF,
    modules: true,
    script: BARE_SCRIPT,
    compatibilityDate: config.compatibilityDate,
    compatibilityFlags: config.compatibilityFlags,
  });
  return { mf, url: await mf.ready };
}

/**
 * Applies migrations/*.sql in order, as `wrangler d1 migrations apply` would (drizzle-kit separates
 * statements with `--> statement-breakpoint`).
 * @param {Miniflare} mf
 */
export async function migrate(mf) {
  const db = await mf.getD1Database('DB');
  for (const file of readdirSync('migrations')
    .filter((name) => name.endsWith('.sql'))
    .sort()) {
    const statements = readFileSync(join('migrations', file), 'utf8')
      .split('--> statement-breakpoint')
      .map((sql) => sql.trim())
      .filter((sql) => sql !== '');
    await db.batch(statements.map((sql) => db.prepare(sql)));
  }
}
