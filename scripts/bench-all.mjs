// `npm run bench`: the collector and consumer benchmarks (scripts/bench.mjs, which takes the flags, e.g.
// `npm run bench -- --only ingest`), then the CRM connectors (scripts/bench/crm.mjs) and the console's funnel
// queries (scripts/bench/funnel.mjs) unless `--only` chose a part.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const run = (script, scriptArgs) => {
  const result = spawnSync(process.execPath, [script, ...scriptArgs], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
// `--only funnel`: just the console's funnel queries on a seeded 1 M-event local database (scripts/bench/funnel.mjs).
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
if (only === 'funnel') {
  run('scripts/bench/funnel.mjs', args);
  process.exit(0);
}
run('scripts/bench.mjs', args);
if (only === undefined) {
  run('scripts/bench/crm.mjs', []);
  run('scripts/bench/funnel.mjs', []);
}
