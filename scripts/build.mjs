// `npm run build`: the CRM spec types and fake schemas (scripts/gen-spec-types.mjs), then the tracker bundles and
// the example pages into dist/public (served by the Worker).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';

const specTypes = spawnSync(process.execPath, ['scripts/gen-spec-types.mjs'], { stdio: 'inherit' });
if (specTypes.status !== 0) process.exit(specTypes.status ?? 1);

mkdirSync('dist/public', { recursive: true });
if (existsSync('sdk/build.mjs')) {
  const result = spawnSync(process.execPath, ['sdk/build.mjs'], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
} else if (existsSync('examples/landing')) {
  cpSync('examples/landing', 'dist/public', { recursive: true });
}
