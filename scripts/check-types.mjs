// Fails when worker-configuration.d.ts is not what `npm run types` would generate from wrangler.toml and
// .dev.vars.example. (`wrangler types --check` ignores --env-file in wrangler 4.86, so it cannot see the
// secrets; this regenerates into a scratch file and compares instead.)
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

// Beside the real file, so relative import paths in the output come out the same.
const out = 'worker-configuration.check.d.ts';
try {
  execFileSync('npx', ['wrangler', 'types', out, '--strict-vars=false', '--env-file', '.dev.vars.example'], {
    stdio: 'ignore',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });
  // The first line names the command (and so the output path); compare the rest.
  const body = (file) => readFileSync(file, 'utf8').split('\n').slice(2).join('\n');
  if (body(out) !== body('worker-configuration.d.ts')) {
    console.error('worker-configuration.d.ts is stale: run `npm run types` and commit it.');
    process.exit(1);
  }
  console.log('worker-configuration.d.ts is up to date');
} finally {
  rmSync(out, { force: true });
}
