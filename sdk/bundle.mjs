// One tracker bundle in memory: esbuild (bundle, minify, mangle `_`-suffixed props), then terser as a
// second pass (a few hundred bytes on a 2 KB budget). Used by sdk/build.mjs for the shipped files and by
// scripts/size.mjs to measure what each optional feature costs.
//
// Compile-time flags (design §9, as in the Plausible and Counterscale trackers):
//   __NPM__    the npm build (replays calls made before init, warns the developer) vs the script tag
//   __XD__     cross-domain hand-off (data-cross-domain / crossDomain)
//   __FORMS__  hidden form fields and form_submit (data-forms / forms)
//   __WIDGET__ the widget launcher (sdk/src/launcher.ts), script tag only: the Worker serves the variant with it
//              to tenants that have a widget; `widgetSrc` is the widget bundle's content-hashed URL
// The npm build has every feature but the launcher; the flags exist so a feature's cost is measured, not guessed.
import { build } from 'esbuild';
import { join } from 'node:path';
import { minify } from 'terser';

const root = join(import.meta.dirname, '..');

/** @param {{ npm: boolean, xd?: boolean, forms?: boolean, widget?: boolean, widgetSrc?: string }} o @returns {Promise<string>} */
export const bundle = async ({ npm, xd = true, forms = true, widget = false, widgetSrc = 'lt-widget.js' }) => {
  const out = await build({
    entryPoints: [join(root, npm ? 'sdk/src/index.ts' : 'sdk/src/tag.ts')],
    bundle: true,
    write: false,
    minify: true,
    mangleProps: /_$/,
    target: 'es2022',
    legalComments: 'none',
    logLevel: 'warning',
    format: npm ? 'esm' : 'iife',
    platform: npm ? 'neutral' : 'browser',
    define: {
      __NPM__: String(npm),
      __XD__: String(xd),
      __FORMS__: String(forms),
      __WIDGET__: String(widget && !npm),
      __WIDGET_SRC__: JSON.stringify(widgetSrc),
    },
  });
  const { code } = await minify(out.outputFiles[0].text, {
    module: npm,
    ecma: 2020,
    toplevel: true,
    compress: { passes: 5, unsafe_arrows: true, unsafe_methods: true, pure_getters: true },
    format: { wrap_func_args: false },
  });
  // The IIFE runs as a classic script: its body needs no "use strict" (no `this`, no sloppy-only code).
  return npm ? code : code.replace(/^"use strict";/, '');
};
