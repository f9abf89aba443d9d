// Builds the tracker twice from sdk/src (design §6, §9), with every feature (sdk/bundle.mjs):
//   dist/public/lt.js     IIFE for the script tag
//   sdk/dist/index.js     ESM for npm (+ .d.ts from tsc)
// then the examples: examples/spa → dist/public/spa/, examples/landing/* → dist/public/.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle } from './bundle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const r = (p) => join(root, p);

rmSync(r('sdk/dist'), { recursive: true, force: true });
mkdirSync(r('dist/public/spa'), { recursive: true });
mkdirSync(r('sdk/dist'), { recursive: true });
writeFileSync(r('dist/public/lt.js'), await bundle({ npm: false }));
writeFileSync(r('sdk/dist/index.js'), await bundle({ npm: true }));

// Types: declarations only, from the same source.
execFileSync(process.execPath, [r('node_modules/typescript/bin/tsc'), '-p', r('sdk/tsconfig.json')], {
  stdio: 'inherit',
});

// The SPA imports '@leadtrail/sdk' (the workspace package, i.e. the dist just built).
await build({
  bundle: true,
  minify: true,
  target: 'es2022',
  logLevel: 'warning',
  entryPoints: [r('examples/spa/app.ts')],
  outfile: r('dist/public/spa/app.js'),
  format: 'esm',
});
cpSync(r('examples/spa/index.html'), r('dist/public/spa/index.html'));
cpSync(r('examples/landing'), r('dist/public'), { recursive: true });
console.log('built dist/public/lt.js, sdk/dist/, dist/public/spa/, dist/public/*.html');
