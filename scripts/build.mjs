// `npm run build`: the tracker bundles, the widget and the example pages into dist/public (served by the Worker).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';

mkdirSync('dist/public', { recursive: true });
if (existsSync('sdk/build.mjs')) {
  const result = spawnSync(process.execPath, ['sdk/build.mjs'], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
} else if (existsSync('examples/landing')) {
  cpSync('examples/landing', 'dist/public', { recursive: true });
}
// The widget (Preact, its own folder): dist/public/lt-widget.js.
if (existsSync('widget/build.mjs')) {
  const result = spawnSync(process.execPath, ['widget/build.mjs'], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
