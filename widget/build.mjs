// Builds the widget (design §6: opened ≤ 15 KB gzip including Preact, goal 10 KB) into
// dist/public/lt-widget.js: one minified IIFE, Preact bundled (preact/hooks, the automatic JSX runtime).
// Called by sdk/build.mjs's orchestrator, scripts/build.mjs; `npm run size` measures the output.
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minify } from 'terser';

const root = join(import.meta.dirname, '..');

/** @returns {Promise<string>} the bundle's code */
export const bundleWidget = async () => {
  const out = await build({
    entryPoints: [join(root, 'widget/src/main.tsx')],
    bundle: true,
    write: false,
    minify: true,
    target: 'es2022',
    format: 'iife',
    platform: 'browser',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    // A page's bundler never sees this file, but keep React out even if a dependency asked for it.
    alias: { react: 'preact/compat', 'react-dom': 'preact/compat' },
    legalComments: 'none',
    logLevel: 'warning',
  });
  const { code } = await minify(out.outputFiles[0].text, {
    ecma: 2020,
    toplevel: true,
    compress: { passes: 3, unsafe_arrows: true, pure_getters: true },
  });
  return code;
};

export const WIDGET_FILE = join(root, 'dist/public/lt-widget.js');

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(WIDGET_FILE, await bundleWidget());
  console.log('built dist/public/lt-widget.js');
}
