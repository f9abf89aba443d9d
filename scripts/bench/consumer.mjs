// @ts-check
/**
 * The consumer path (issue 8): `POST /v1/events` with an email → events queue → ingest, scoring, fan-out →
 * chatwoot queue → the Chatwoot consumer → a conversation in the local Chatwoot fake. The product Worker runs in
 * Miniflare WITH its queue consumers and wrangler.toml's batch settings (max_batch_size / max_batch_timeout), the
 * fake runs in this Node process (bundled like scripts/fakes.mjs, validating every request against the spec), and
 * the bench tenant's chatwoot.base_url points at it. Each lead is one browser batch of 10 events ending in an
 * identify with a new email. The fake notes when each conversation appears, so the latency is POST sent →
 * conversation created. D1 statements per batch come from the consumers' own log lines.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { clientEvents, rng, visitor } from './traffic.mjs';
import { BENCH_RATE_LIMIT, CF, TENANT, migrate, productConfig } from './workers.mjs';

const ACCOUNT = { id: 1, token: 'bench-chatwoot-token', inboxes: [1] };
const TOKEN_SECRET = 'CHATWOOT_TOKEN_BENCH';

/** The Chatwoot fake on 127.0.0.1 (ephemeral port), recording when each conversation first exists. */
async function startFake() {
  const bundle = await build({
    entryPoints: ['test/fakes/chatwoot.ts'],
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
    logLevel: 'warning',
  });
  const source = bundle.outputFiles[0]?.text ?? '';
  const { createChatwootFake } = await import(`data:text/javascript;base64,${Buffer.from(source).toString('base64')}`);
  const spec = JSON.parse(readFileSync('../shared/specs/chatwoot/swagger.json', 'utf8'));
  const fake = createChatwootFake({ spec, accounts: [ACCOUNT], basePath: '/chatwoot' });
  /** @type {Map<string, number>} contact email → time its conversation appeared */
  const conversationAt = new Map();
  let seen = 0;
  const server = createServer(async (req, res) => {
    try {
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      /** @type {[string, string][]} */
      const headers = [];
      for (const [key, value] of Object.entries(req.headers)) {
        if (Array.isArray(value)) for (const item of value) headers.push([key, item]);
        else if (value !== undefined) headers.push([key, value]);
      }
      const request = new Request(`http://127.0.0.1${req.url}`, {
        method: req.method,
        headers,
        body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
      });
      const response = await fake.handle(request);
      const text = await response.text();
      const account = fake.account(ACCOUNT.id);
      if (account.conversations.length > seen) {
        const now = performance.now();
        for (const conversation of account.conversations.slice(seen)) {
          const contact = account.contacts.find((/** @type {{ id: number }} */ c) => c.id === conversation.contact_id);
          if (contact?.email && !conversationAt.has(contact.email)) conversationAt.set(contact.email, now);
        }
        seen = account.conversations.length;
      }
      res.writeHead(response.status, Object.fromEntries(response.headers)).end(text);
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(error) }));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { fake, server, conversationAt, baseUrl: `http://127.0.0.1:${port}/chatwoot` };
}

/**
 * @typedef {{ events: { messages: number, statements: number, round_trips: number, score_fanout_statements: number, score_fanout_round_trips: number }[],
 *   chatwoot: { messages: number, statements: number, round_trips: number }[] }} BatchLogs
 */

/** @param {BatchLogs} logs */
function runtimeStdio(logs) {
  return (/** @type {import('node:stream').Readable[]} */ ...streams) => {
    for (const stream of streams) {
      createInterface({ input: stream }).on('line', (line) => {
        const at = line.indexOf('{');
        if (line.includes('"events batch ingested"')) logs.events.push(JSON.parse(line.slice(at)));
        else if (line.includes('"deliveries batch done"') && line.includes('"queue":"chatwoot"'))
          logs.chatwoot.push(JSON.parse(line.slice(at)));
        else if (line.includes('"level":"info"'))
          return; // per-message delivery lines: too many to print
        else process.stderr.write(`workerd: ${line}\n`);
      });
    }
  };
}

/** The product Worker with its queue consumers, pointed at the fake. @param {string} scriptPath @param {string} baseUrl @param {BatchLogs} logs */
async function startProduct(scriptPath, baseUrl, logs) {
  const config = productConfig();
  /** @type {Record<string, { simple: { limit: number, period?: number } }>} */
  const ratelimits = {};
  for (const [name, limiter] of Object.entries(config.ratelimits ?? {}))
    ratelimits[name] = { ...limiter, simple: { ...limiter.simple, limit: BENCH_RATE_LIMIT } };
  const mf = new Miniflare({
    host: '127.0.0.1',
    port: 0,
    cf: CF,
    handleRuntimeStdio: runtimeStdio(logs),
    workers: [
      {
        name: 'leadtrail',
        modules: true,
        scriptPath,
        compatibilityDate: config.compatibilityDate,
        compatibilityFlags: config.compatibilityFlags,
        bindings: {
          ...config.bindings,
          IP_HASH_SALT: 'bench-salt',
          [TOKEN_SECRET]: ACCOUNT.token,
          TENANTS: {
            [TENANT.id]: {
              name: 'Bench',
              hosts: [TENANT.host],
              allowed_origins: [TENANT.origin],
              chatwoot: { base_url: baseUrl, account_id: ACCOUNT.id, inbox_id: 1, token: TOKEN_SECRET },
            },
          },
        },
        d1Databases: config.d1Databases,
        queueProducers: config.queueProducers,
        queueConsumers: config.queueConsumers, // wrangler.toml's max_batch_size / max_batch_timeout / retries
        ratelimits,
      },
    ],
  });
  await mf.ready;
  await migrate(mf);
  return { mf, consumers: config.queueConsumers };
}

/** @param {number[]} values @param {number} q */
function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/**
 * @param {string} scriptPath the bundled product Worker
 * @param {{ leads: number, concurrency: number, trickle: number, trickleGapMs: number, timeLimitMs: number, seed: number }} o
 */
export async function benchConsumer(scriptPath, o) {
  const { fake, server, conversationAt, baseUrl } = await startFake();
  /** @type {BatchLogs} */
  const logs = { events: [], chatwoot: [] };
  const { mf, consumers } = await startProduct(scriptPath, baseUrl, logs);
  const random = rng(o.seed);
  const now = Date.now();
  let index = 0;
  /** @type {Map<string, number>} email → POST sent */
  const postedAt = new Map();

  async function postLead() {
    const who = visitor(random, index, now);
    const n = index;
    index += 1;
    const events = clientEvents(random, who, 10, now, (i) => `evt_c${n}_${i}`);
    postedAt.set(who.email, performance.now());
    const response = await mf.dispatchFetch(`https://${TENANT.host}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8', origin: TENANT.origin, 'user-agent': who.ua, 'cf-connecting-ip': who.ip },
      body: JSON.stringify({ sent_at: Date.now(), events }),
    });
    await response.arrayBuffer();
    if (response.status !== 202) throw new Error(`POST /v1/events answered ${response.status}`);
    return who.email;
  }

  /** @param {string[]} emails */
  async function conversationsFor(emails) {
    const deadline = performance.now() + o.timeLimitMs;
    while (emails.some((email) => !conversationAt.has(email))) {
      if (performance.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return emails
      .filter((email) => conversationAt.has(email))
      .map((email) => (conversationAt.get(email) ?? 0) - (postedAt.get(email) ?? 0));
  }

  try {
    // Warm-up: compiles every path and provisions the account's attribute definitions and labels (once per account).
    await conversationsFor(await Promise.all(Array.from({ length: 3 }, postLead)));

    // Light load: one lead at a time, a gap between them: the latency is mostly the two queues' batch timeouts.
    const trickleEmails = [];
    for (let i = 0; i < o.trickle; i += 1) {
      trickleEmails.push(await postLead());
      await new Promise((resolve) => setTimeout(resolve, o.trickleGapMs));
    }
    const trickle = await conversationsFor(trickleEmails);

    // Burst: `leads` new leads posted by `concurrency` clients; leads/s = leads / (last conversation − first POST).
    const logsBefore = { events: logs.events.length, chatwoot: logs.chatwoot.length };
    const requestsBefore = fake.requests.length;
    const start = performance.now();
    /** @type {string[]} */
    const burstEmails = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: o.concurrency }, async () => {
        while (next < o.leads) {
          next += 1;
          burstEmails.push(await postLead());
        }
      }),
    );
    const postSeconds = (performance.now() - start) / 1000;
    const burst = await conversationsFor(burstEmails);
    const lastAt = Math.max(...burstEmails.map((email) => conversationAt.get(email) ?? 0));
    const seconds = (lastAt - start) / 1000;
    // Let the last batches' log lines arrive.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const requests = fake.requests.slice(requestsBefore);
    const byOperation = /** @type {Record<string, number>} */ ({});
    for (const request of requests) byOperation[request.operationId ?? '?'] = (byOperation[request.operationId ?? '?'] ?? 0) + 1;
    return {
      leads: burstEmails.length,
      delivered: burst.length,
      seconds,
      postSeconds,
      concurrency: o.concurrency,
      latency: { p50: quantile(burst, 0.5), p99: quantile(burst, 0.99) },
      trickle: {
        leads: trickleEmails.length,
        delivered: trickle.length,
        p50: quantile(trickle, 0.5),
        p99: quantile(trickle, 0.99),
        gapMs: o.trickleGapMs,
      },
      eventsBatches: logs.events.slice(logsBefore.events),
      chatwootBatches: logs.chatwoot.slice(logsBefore.chatwoot),
      chatwootRequests: requests.length,
      byOperation,
      violations: fake.violations.length,
      consumers,
    };
  } finally {
    await mf.dispose();
    server.close();
  }
}

/** @param {Awaited<ReturnType<typeof benchConsumer>>} r @param {number} loadAverage */
export function consumerMarkdown(r, loadAverage) {
  const ms = (/** @type {number} */ x) => `${Math.round(x)} ms`;
  /** @param {number[]} xs */
  const spread = (xs) => (xs.length === 0 ? '–' : `${quantile(xs, 0.5)} median, ${Math.max(...xs)} max`);
  const ev = r.eventsBatches.filter((b) => b.messages > 0);
  const cw = r.chatwootBatches;
  /** @type {Record<string, { maxBatchSize?: number, maxBatchTimeout?: number }>} */
  const consumers = r.consumers && !Array.isArray(r.consumers) ? r.consumers : {};
  const settings = ['events', 'chatwoot']
    .map((q) => `${q}: max_batch_size ${consumers[q]?.maxBatchSize ?? '?'}, max_batch_timeout ${consumers[q]?.maxBatchTimeout ?? '?'} s`)
    .join('; ');
  return [
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`npm run bench -- --only consumer\` (1-minute load average before the run: ${loadAverage.toFixed(1)}; ` +
      `other work on the 2 cores skews the numbers). Queue settings from wrangler.toml (${settings}), local Miniflare queue broker and D1, the Chatwoot fake in the bench's Node process.`,
    '',
    '| Consumer path (POST with an email → conversation in the Chatwoot fake) | value |',
    '| --- | ---: |',
    `| burst: ${r.leads} new leads by ${r.concurrency} clients (POSTs took ${r.postSeconds.toFixed(1)} s), conversations created | ${r.delivered} / ${r.leads} |`,
    `| **leads/s** (leads ÷ first POST → last conversation) | **${(r.delivered / r.seconds).toFixed(1)}** |`,
    `| POST → conversation during the burst, p50 / p99 | ${ms(r.latency.p50)} / ${ms(r.latency.p99)} |`,
    `| POST → conversation, one lead every ${r.trickle.gapMs} ms (${r.trickle.delivered} leads), p50 / p99 | ${ms(r.trickle.p50)} / ${ms(r.trickle.p99)} |`,
    `| D1 statements per events batch: ingest (${ev.length} batches of ${spread(ev.map((b) => b.messages))} messages) | ${spread(ev.map((b) => b.statements))} |`,
    `| D1 statements per events batch: scoring + fan-out | ${spread(ev.map((b) => b.score_fanout_statements))} |`,
    `| D1 statements per chatwoot batch (${cw.length} batches of ${spread(cw.map((b) => b.messages))} messages) | ${spread(cw.map((b) => b.statements))} |`,
    `| D1 statements per chatwoot message | ${(
      cw.reduce((s, b) => s + b.statements, 0) /
      Math.max(
        1,
        cw.reduce((s, b) => s + b.messages, 0),
      )
    ).toFixed(1)} |`,
    `| Chatwoot requests per lead (${r.chatwootRequests} in all; spec violations: ${r.violations}) | ${(r.chatwootRequests / Math.max(1, r.leads)).toFixed(1)} |`,
    '',
    `- Chatwoot requests by operation: ${Object.entries(r.byOperation)
      .sort((a, b) => b[1] - a[1])
      .map(([op, n]) => `${op} ${n}`)
      .join(', ')}.`,
    '- Each lead is one browser batch of 10 events (6 page_view, 3 track, 1 identify with a new email); the account was provisioned (attribute definitions, labels) during the warm-up.',
    '',
  ].join('\n');
}
