// @ts-check
/**
 * `npm run bench:crm`: runs test/bench/crm.bench.ts in workerd (the workers vitest project with CRM_BENCH=1) and prints a markdown
 * table of CRM deliveries per second and provider requests per 100 leads per connector; also written to
 * .tmp/bench-crm.md. Numbers are for this machine and run only; compare connectors within one run.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';

const run = spawnSync('npx', ['vitest', 'run', '--project', 'workers'], {
  encoding: 'utf8',
  env: { ...process.env, CRM_BENCH: '1', WRANGLER_SEND_METRICS: 'false' },
  maxBuffer: 64 * 1024 * 1024,
});
const rows = `${run.stdout}\n${run.stderr}`
  .split('\n')
  .filter((line) => line.includes('CRM-BENCH {'))
  .map((line) => JSON.parse(line.slice(line.indexOf('{'))));
if (run.status !== 0 || rows.length === 0) {
  console.error(run.stdout.slice(-4000), run.stderr.slice(-4000));
  console.error('bench:crm failed');
  process.exit(1);
}
const table = [
  '| connector | leads | deliveries/s | provider requests per 100 leads | one-off requests (token, provisioning) |',
  '| --- | ---: | ---: | ---: | ---: |',
  ...rows.map(
    (r) =>
      `| ${r.destination} | ${r.acked}/${r.leads} (batches of ${r.batch}) | ${r.deliveries_per_s} | ${r.requests_per_100_leads} | ${r.setup_requests} |`,
  ),
].join('\n');
mkdirSync('.tmp', { recursive: true });
writeFileSync('.tmp/bench-crm.md', `${table}\n`);
console.log(table);
