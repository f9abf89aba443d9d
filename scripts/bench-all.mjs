// `npm run bench`: the collector and consumer benchmarks (scripts/bench.mjs, which takes the flags, e.g.
// `npm run bench -- --only ingest`), then the CRM connectors (scripts/bench/crm.mjs) unless `--only` chose a part.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const run = (script, scriptArgs) => {
  const result = spawnSync(process.execPath, [script, ...scriptArgs], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
run('scripts/bench.mjs', args);
if (!args.includes('--only')) run('scripts/bench/crm.mjs', []);
