// Builds the console page (GET /console, edge/routes/console.ts) into dist/public/console/:
//   app.js      the Preact app, one minified IIFE (Preact bundled, the automatic JSX runtime)
//   app.css     the page's stylesheet (a file, not inline: the page's CSP allows no inline style or script)
//   index.html  the shell (console/index.html) naming both by content hash: /console/app.js?v=<16 hex>,
//               so the Worker can cache each bundle for a year and a deploy changes the URL.
// Called by scripts/build.mjs; `npm run size` measures app.js and app.css.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
export const CONSOLE_DIR = join(root, 'dist/public/console');

/** The first 16 hex digits of the SHA-256, as edge/routes/console.ts checks it. */
export const contentHash = (text) => createHash('sha256').update(text).digest('hex').slice(0, 16);

const bundle = async (entry, options = {}) => {
  const out = await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    write: false,
    minify: true,
    target: 'es2022',
    platform: 'browser',
    legalComments: 'none',
    logLevel: 'warning',
    ...options,
  });
  return out.outputFiles[0].text;
};

/** @returns {Promise<{ js: string, css: string, html: string }>} */
export const buildConsole = async () => {
  const js = await bundle('console/src/main.tsx', {
    format: 'iife',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    alias: { react: 'preact/compat', 'react-dom': 'preact/compat' },
  });
  const css = await bundle('console/src/styles.css');
  const html = readFileSync(join(root, 'console/index.html'), 'utf8')
    .replace('%JS%', `/console/app.js?v=${contentHash(js)}`)
    .replace('%CSS%', `/console/app.css?v=${contentHash(css)}`);
  return { js, css, html };
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const { js, css, html } = await buildConsole();
  rmSync(CONSOLE_DIR, { recursive: true, force: true });
  mkdirSync(CONSOLE_DIR, { recursive: true });
  writeFileSync(join(CONSOLE_DIR, 'app.js'), js);
  writeFileSync(join(CONSOLE_DIR, 'app.css'), css);
  writeFileSync(join(CONSOLE_DIR, 'index.html'), html);
  console.log('built dist/public/console/{index.html,app.js,app.css}');
}
