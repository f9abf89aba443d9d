// `npm run bench -- --only funnel`: the console's funnel queries on a seeded local libSQL/SQLite file with 1 M raw
// events (--events N to change it), the same migrations D1 runs and the product's own query code
// (core/analytics, bundled here with esbuild). Rows are inserted directly by SQL for speed — the bench only; the
// tests build their datasets through the real ingest. Prints a markdown table (also appended to .tmp/bench-result.md)
// with the median of 5 runs per query, the index each statement uses (EXPLAIN QUERY PLAN) and the rows it touches.
import { mkdirSync, rmSync, appendFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createClient } from '@libsql/client';
import { build } from 'esbuild';

const { values: args } = parseArgs({ options: { events: { type: 'string', default: '1000000' }, only: { type: 'string' } } });
const EVENTS = Number(args.events);
const root = resolve(import.meta.dirname, '../..');
const TENANT = 'bench';
const END = Date.parse('2026-11-30T00:00:00Z');
const SPAN = 90 * 86_400_000;
const START = END - SPAN;
const STEP = Math.max(1, Math.floor(SPAN / EVENTS));

mkdirSync(resolve(root, '.tmp'), { recursive: true });
// Bundled under node_modules/.cache: outside what prettier checks, and node resolves the packages from there.
mkdirSync(resolve(root, 'node_modules/.cache/leadtrail'), { recursive: true });
const core = resolve(root, 'node_modules/.cache/leadtrail/bench-funnel-core.mjs');
await build({
  stdin: {
    contents: `export { funnel, breakdown, trends } from './core/analytics/funnel';
      export { visitsStatement, leadsStatement, stagesStatement, spendStatement } from './core/analytics/queries';
      export { openLibsqlDatabase } from './core/libsql';`,
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  format: 'esm',
  platform: 'node',
  packages: 'external',
  outfile: core,
  logLevel: 'warning',
});
const analytics = await import(core);

const file = resolve(root, '.tmp/bench-funnel.db');
for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
const client = createClient({ url: `file:${file}` });
const db = await analytics.openLibsqlDatabase(client, resolve(root, 'migrations'));
await client.execute('PRAGMA journal_mode = WAL');

// Per visitor (5 events each): campaign, channel, source, landing page; 5 % bots; 1 in 13 visitors leaves an email.
const VISITOR = `
  WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < ${EVENTS - 1}),
  g AS (SELECT i, i / 5 AS v, ${START} + i * ${STEP} AS ts, ${START} + (i / 5) * 5 * ${STEP} AS first_ts FROM seq),
  t AS (SELECT g.*, v % 25 AS c, (v % 20 = 19) AS bot, 'trk_' || v AS tid,
    CASE WHEN i % 5 = 3 THEN 'track' WHEN i % 5 = 4 AND v % 13 = 0 THEN 'identify' ELSE 'page_view' END AS type FROM g),
  u AS (SELECT t.*,
    CASE WHEN c < 8 THEN 'paid_search' WHEN c < 14 THEN 'paid_social' WHEN c < 18 THEN 'email' WHEN c < 20 THEN 'referral' ELSE 'direct' END AS channel,
    CASE WHEN c < 8 THEN 'google' WHEN c < 14 THEN 'facebook' WHEN c < 18 THEN 'newsletter' WHEN c < 20 THEN 'partner.test' END AS source,
    CASE WHEN c < 20 THEN 'campaign_' || c END AS campaign,
    'https://www.bench.test/lp/' || (v % 40) AS landing,
    CASE WHEN v % 2 = 0 THEN 'a' ELSE 'b' END AS variant FROM t),
  w AS (SELECT u.*, json_object('ts', first_ts, 'channel', channel, 'utm_source', source, 'utm_medium', CASE WHEN c < 14 THEN 'cpc' END,
    'utm_campaign', campaign, 'utm_term', NULL, 'utm_content', NULL, 'utm_id', NULL, 'click_ids', json_object('gclid', 'Cj0KCQ' || v),
    'referrer', 'https://www.google.com/', 'landing_url', landing || '?utm_source=' || coalesce(source, '') || '&utm_campaign=' || coalesce(campaign, '')) AS touch FROM u)`;

const t0 = performance.now();
await client.execute(`${VISITOR}
  INSERT INTO raw_events (tenant_id, event_id, type, name, tracking_id, session_id, ts, received_at, bot, payload,
    touch_channel, touch_source, touch_campaign, landing_page, variant)
  SELECT '${TENANT}', 'evt_' || i, type, CASE WHEN type = 'track' THEN 'widget_opened' END, tid, 'ses_' || v, ts, ts, bot,
    json_object('event', json_object('event_id', 'evt_' || i, 'type', type, 'name', CASE WHEN type = 'track' THEN 'widget_opened' END,
      'ts', ts, 'tracking_id', tid, 'session_id', 'ses_' || v, 'url', landing || '/page-' || (i % 7), 'title', 'Bench page number ' || (i % 7),
      'first_touch', json(touch), 'last_touch', json(touch),
      'props', CASE WHEN type = 'track' THEN json_object('variant', variant, 'via', 'click') END,
      'traits', CASE WHEN type = 'identify' THEN json_object('email', 'v' || v || '@bench.test') END, 'bot', CASE WHEN bot THEN json('true') END),
      'request', json_object('received_at', ts, 'ip_hash', 'h' || (v % 9973), 'country', 'DE', 'region', NULL, 'city', 'Berlin', 'asn', 3320,
        'user_agent', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36',
        'browser', 'Chrome 130', 'os', 'Linux', 'device', 'desktop', 'bot', CASE WHEN bot THEN json('true') ELSE json('false') END)),
    channel, source, campaign, landing, CASE WHEN type = 'track' THEN variant END
  FROM w`);
// One lead per human browser (as ingest makes them), an alias each; 1 in 13 identified; MQL and SQL changes.
const VISITORS = Math.ceil(EVENTS / 5);
await client.batch(
  [
    `${VISITOR.replace(`i < ${EVENTS - 1}`, `i < ${VISITORS - 1}`)
      .replace('i / 5 AS v', 'i AS v')
      .replace(`(i / 5) * 5 * ${STEP}`, `i * 5 * ${STEP}`)}
     INSERT INTO leads (id, tenant_id, email, traits, first_touch, last_touch, first_seen, last_seen, stage, created_at, updated_at)
     SELECT 'lead_' || v, '${TENANT}', CASE WHEN v % 13 = 0 THEN 'v' || v || '@bench.test' END, '{}', touch, touch, first_ts, first_ts + 4 * ${STEP},
       CASE WHEN v % 13 = 0 AND v % 6 = 0 THEN 'SQL' WHEN v % 13 = 0 AND v % 3 = 0 THEN 'MQL' ELSE 'Unqualified' END, first_ts, first_ts
     FROM w WHERE NOT bot`,
    `INSERT INTO lead_aliases (tenant_id, tracking_id, lead_id, created_at) SELECT '${TENANT}', 'trk_' || substr(id, 6), id, created_at FROM leads WHERE tenant_id = '${TENANT}'`,
    `INSERT INTO lead_changes (id, tenant_id, lead_id, type, from_stage, to_stage, score, at, fanned_out_at)
     SELECT 'chg_m_' || id, tenant_id, id, 'lead.stage_changed', 'Unqualified', 'MQL', 35, first_seen + (CAST(substr(id, 6) AS INTEGER) % 48 + 1) * 3600000, 0
     FROM leads WHERE tenant_id = '${TENANT}' AND stage IN ('MQL', 'SQL')`,
    `INSERT INTO lead_changes (id, tenant_id, lead_id, type, from_stage, to_stage, score, at, fanned_out_at)
     SELECT 'chg_s_' || id, tenant_id, id, 'lead.stage_changed', 'MQL', 'SQL', 65, first_seen + (CAST(substr(id, 6) AS INTEGER) % 96 + 49) * 3600000, 0
     FROM leads WHERE tenant_id = '${TENANT}' AND stage = 'SQL'`,
    `WITH RECURSIVE d(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM d WHERE n < 89), c(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM c WHERE k < 19)
     INSERT INTO ad_spend (tenant_id, date, campaign, source, cost_micros, currency, imported_at)
     SELECT '${TENANT}', date(${START / 1000} + n * 86400, 'unixepoch'), 'campaign_' || k, CASE WHEN k < 8 THEN 'google' WHEN k < 14 THEN 'facebook' ELSE '' END,
       (50 + k * 7 + n % 11) * 1000000, 'USD', 0 FROM d, c`,
  ],
  'write',
);
await client.execute('ANALYZE');
const seedSeconds = (performance.now() - t0) / 1000;

const counts = (sql, params = []) => client.execute({ sql, args: params }).then((r) => Number(r.rows[0]?.[0] ?? 0));
const size = {
  events: await counts('SELECT count(*) FROM raw_events WHERE tenant_id = ?', [TENANT]),
  leads: await counts('SELECT count(*) FROM leads WHERE tenant_id = ?', [TENANT]),
  identified: await counts('SELECT count(*) FROM leads WHERE tenant_id = ? AND email IS NOT NULL', [TENANT]),
  changes: await counts('SELECT count(*) FROM lead_changes WHERE tenant_id = ?', [TENANT]),
};
const last30 = { from: END - 30 * 86_400_000, to: END - 1 };
const all90 = { from: START, to: END - 1 };
const pageViews = (range) =>
  counts(`SELECT count(*) FROM raw_events WHERE tenant_id = ? AND type = 'page_view' AND bot = 0 AND ts >= ? AND ts <= ?`, [
    TENANT,
    range.from,
    range.to,
  ]);

async function median(run, times = 5) {
  await run();
  const samples = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

const cases = [
  ['funnel, last 30 days', () => analytics.funnel(db, TENANT, last30, {})],
  ['funnel, last 30 days, campaign = campaign_3', () => analytics.funnel(db, TENANT, last30, { campaign: 'campaign_3' })],
  ['funnel, 90 days (the whole log)', () => analytics.funnel(db, TENANT, all90, {})],
  ['breakdown by campaign, last 30 days', () => analytics.breakdown(db, TENANT, last30, 'campaign')],
  ['breakdown by variant, last 30 days', () => analytics.breakdown(db, TENANT, last30, 'variant')],
  ['trends by day, last 30 days (+ both periods)', () => analytics.trends(db, TENANT, last30, 'day', {})],
];
const results = [];
for (const [name, run] of cases) results.push([name, await median(run)]);
const sample = await analytics.funnel(db, TENANT, last30, {});

const query = { tenantId: TENANT, range: last30, filters: {}, grouping: { kind: 'total' } };
const plans = [];
for (const [name, statement] of [
  ['visits', analytics.visitsStatement(query)],
  ['leads', analytics.leadsStatement(query)],
  ['stages', analytics.stagesStatement(query)],
  ['spend', analytics.spendStatement(query)],
]) {
  const plan = await client.execute({ sql: `EXPLAIN QUERY PLAN ${statement.sql}`, args: statement.params });
  plans.push([
    name,
    plan.rows
      .map((row) => String(row.detail))
      .filter((detail) => /SEARCH|SCAN/.test(detail))
      .join('; '),
  ]);
}
const pv30 = await pageViews(last30);
const identifies = await counts(`SELECT count(*) FROM raw_events WHERE tenant_id = ? AND type = 'identify' AND bot = 0 AND ts <= ?`, [
  TENANT,
  last30.to,
]);

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const lines = [
  '',
  `### Funnel queries: \`npm run bench -- --only funnel\` (${new Date().toISOString().slice(0, 16)} UTC)`,
  '',
  `Seeded ${fmt(size.events)} raw events (90 days, ${fmt(size.leads)} leads of which ${fmt(size.identified)} identified, ${fmt(size.changes)} stage changes) into a local libSQL file in ${seedSeconds.toFixed(1)} s. Median of 5 runs after a warm-up, on the product's query code (core/analytics).`,
  '',
  '| query | median ms |',
  '| --- | ---: |',
  ...results.map(([name, ms]) => `| ${name} | ${ms.toFixed(1)} |`),
  '',
  `Last 30 days: visits ${fmt(sample.visits)}, visitors ${fmt(sample.visitors)}, leads ${fmt(sample.leads)}, MQL ${fmt(sample.mql)}, SQL ${fmt(sample.sql)}.`,
  `Rows the funnel touches (last 30 days): ${fmt(pv30)} page-view index entries, ${fmt(identifies)} identify events (all history up to \`to\`) + one alias and lead lookup each, ${fmt(size.changes)} stage changes (all history up to \`to\`) + one lead lookup each.`,
  '',
  '| statement | EXPLAIN QUERY PLAN |',
  '| --- | --- |',
  ...plans.map(([name, plan]) => `| ${name} | ${plan.replaceAll('|', '\\|')} |`),
  '',
];
const text = lines.join('\n');
console.log(text);
appendFileSync(resolve(root, '.tmp/bench-result.md'), text);
client.close();
// The seeded file is ~2 GB per million events: not kept.
for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
