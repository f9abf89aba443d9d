// @ts-check
/**
 * The ingest consumer: the product Worker's queue() handler called with batches of 100 events (10 EventMessages),
 * one batch at a time (local D1 has one writer, as production does), through Miniflare's Worker proxy,
 * exactly as the local queue broker would deliver them. Rows are counted in D1 afterwards.
 */
import { performance } from 'node:perf_hooks';
import { queueBatches, worstCaseBatch } from './traffic.mjs';

/**
 * @param {import('miniflare').Miniflare} mf
 * @param {{ tenantId: string, batches: number, batchSize: number, timeLimitMs: number, seed: number }} o
 * @param {import('./workers.mjs').Counters} counters the consumer's log lines (D1 statements per batch)
 */
export async function benchIngest(mf, o, counters) {
  const worker = await mf.getWorker('leadtrail');
  const db = await mf.getD1Database('DB', 'leadtrail');
  const now = Date.now();
  // Ten browser batches of 10 events per queue batch, from a pool of visitors small enough that most
  // batches update existing leads (the common case) and large enough that new leads keep appearing.
  const shape = { batchSize: o.batchSize, eventsPerVisit: 10, visitors: Math.max(10, o.batches * 4), now };

  /** @param {unknown[]} messages */
  async function deliver(messages) {
    const result = await worker.queue('events', /** @type {any} */ (messages));
    const acked = result.ackAll ? messages.length : result.explicitAcks.length;
    if (result.outcome !== 'ok' || result.retryMessages.length > 0 || acked !== messages.length) {
      throw new Error(`ingest batch not fully acknowledged: ${JSON.stringify(result).slice(0, 500)}`);
    }
  }

  // Warm-up on another tenant: compiles the consumer's paths without touching the measured tenant's rows.
  for (const messages of queueBatches({ ...shape, seed: o.seed + 1, tenantId: `${o.tenantId}-warmup`, batches: 2 }))
    await deliver(messages);

  const batches = queueBatches({ ...shape, seed: o.seed, tenantId: o.tenantId, batches: o.batches });
  /** @type {number[]} */
  const perBatch = [];
  let sent = 0;
  const start = performance.now();
  for (const messages of batches) {
    if (performance.now() - start > o.timeLimitMs) break; // bounded: stop early on a slow machine
    const t0 = performance.now();
    await deliver(messages);
    perBatch.push(performance.now() - t0);
    sent += messages.reduce((total, message) => total + message.body.events.length, 0);
  }
  const seconds = (performance.now() - start) / 1000;

  // The worst case, once: 100 messages × 50 identifies with merges, on its own tenant. The consumer logs
  // the D1 statements it ran for the batch; that line is the figure reported.
  const worstTenant = `${o.tenantId}-worst`;
  const owners = Array.from({ length: 10 }, (_, i) => `owner-${i}.worst@example.com`);
  const ownerBatch = worstCaseBatch({ tenantId: worstTenant, tag: 'owners', now, existingEmails: [] }).slice(0, 1);
  const ownerEvents = /** @type {{ body: { events: { event: { traits: { email: string } } }[] } }} */ (ownerBatch[0]).body.events;
  ownerEvents.forEach((item, i) => (item.event.traits.email = owners[i % owners.length] ?? ''));
  await deliver(ownerBatch);
  const before = counters.ingestedBatches.length;
  const w0 = performance.now();
  await deliver(worstCaseBatch({ tenantId: worstTenant, tag: 'worst', now, existingEmails: owners }));
  const worstMs = performance.now() - w0;
  for (let waited = 0; counters.ingestedBatches.length === before && waited < 5000; waited += 50)
    await new Promise((resolve) => setTimeout(resolve, 50));
  const worst = counters.ingestedBatches.at(-1);
  const worstCase = worst && counters.ingestedBatches.length > before ? { ...worst, ms: worstMs } : null;

  const count = async (/** @type {string} */ sql) => Number(await db.prepare(sql).bind(o.tenantId).first('n'));
  const rows = await count('SELECT count(*) AS n FROM raw_events WHERE tenant_id = ?');
  const leads = await count('SELECT count(*) AS n FROM leads WHERE tenant_id = ? AND merged_into IS NULL');
  const touches = await count('SELECT count(*) AS n FROM touches WHERE tenant_id = ?');
  perBatch.sort((a, b) => a - b);
  const at = (/** @type {number} */ q) => perBatch[Math.min(perBatch.length - 1, Math.floor(q * perBatch.length))] ?? 0;
  return { batches: perBatch.length, sent, seconds, rows, leads, touches, p50: at(0.5), p99: at(0.99), worstCase };
}
