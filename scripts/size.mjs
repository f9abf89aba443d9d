// `npm run size`: raw, gzip -9 and brotli sizes of the built tracker (dist/public/lt.js), the npm entry
// (sdk/dist/index.js), the widget (dist/public/lt-widget.js) and the console page (dist/public/console/app.js
// and app.css; no budget, reported to keep it in view), beside the peers' published figures (design §6).
// Run `npm run build` first.
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { bundle } from '../sdk/bundle.mjs';
import { VARIANTS as SERVED } from './build.mjs';

/** design §6 budget and the ceiling the size test enforces (see the $comment there). */
export const BUDGET = JSON.parse(readFileSync(new URL('../sdk/size-budget.json', import.meta.url), 'utf8'));

export const FILES = { tag: 'dist/public/lt.js', npm: 'sdk/dist/index.js', widget: 'dist/public/lt-widget.js' };

/** The /console page's bundles (console/build.mjs): loaded by people who sign in, not by a tenant's visitors. */
export const CONSOLE_FILES = { js: 'dist/public/console/app.js', css: 'dist/public/console/app.css' };

/** design §6 widget budget (opened, Preact included), enforced by widget/size.node.test.ts. */
export const WIDGET_BUDGET = JSON.parse(readFileSync(new URL('../widget/size-budget.json', import.meta.url), 'utf8'));

/** Peers' published gzip figures (design §6), for context. */
const PEERS = [
  ['Plausible (npm)', 2700],
  ['Plausible (CDN script)', 1900],
  ['Umami', 2200],
  ['Counterscale', 1900],
  ['Segment analytics.js', 31000],
  ['PostHog', 122000],
  ['Typeform embed (widget)', 14200],
  ['Typebot (widget)', 196000],
];

/** @param {Buffer} b the bytes of a bundle */
export const measure = (b) => ({
  raw: b.length,
  gzip: gzipSync(b, { level: 9 }).length,
  brotli: brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});

/** lt.js built without an optional feature (sdk/bundle.mjs flags): what that feature costs. */
const VARIANTS = [
  ['lt.js without cross-domain', { xd: false }],
  ['lt.js without forms', { forms: false }],
  ['lt.js without cross-domain and forms', { xd: false, forms: false }],
];

const report = async () => {
  for (const f of [...Object.values(FILES), ...Object.values(CONSOLE_FILES)])
    if (!existsSync(f)) {
      console.error(`${f} is missing: run npm run build`);
      process.exit(1);
    }
  const rows = [
    { what: 'lt.js (script tag, all features)', ...measure(readFileSync(FILES.tag)) },
    { what: '@leadtrail/sdk (npm entry, minified ESM)', ...measure(readFileSync(FILES.npm)) },
    ...(await Promise.all(
      VARIANTS.map(async ([what, flags]) => ({ what: `  ${what}`, ...measure(Buffer.from(await bundle({ npm: false, ...flags }))) })),
    )),
    ...Object.keys(SERVED).map((v) => ({ what: `/lt.js as served: lt/${v}.js`, ...measure(readFileSync(`dist/public/lt/${v}.js`)) })),
    { what: 'lt-widget.js (opened widget, Preact incl.)', ...measure(readFileSync(FILES.widget)) },
    { what: 'console/app.js (/console page, Preact incl.)', ...measure(readFileSync(CONSOLE_FILES.js)) },
    { what: 'console/app.css', ...measure(readFileSync(CONSOLE_FILES.css)) },
    ...PEERS.map(([what, gzip]) => ({ what: `peer: ${what}`, raw: '', gzip, brotli: '' })),
  ];
  const pad = (v, n) => String(v).padStart(n);
  console.log(`${'what'.padEnd(44)}${pad('raw B', 9)}${pad('gzip -9 B', 11)}${pad('brotli B', 10)}`);
  for (const r of rows) console.log(`${r.what.padEnd(44)}${pad(r.raw, 9)}${pad(r.gzip, 11)}${pad(r.brotli, 10)}`);
  const lt = rows[0].gzip;
  console.log(
    `\nlt.js: ${lt} B gzip -9; ceiling ${BUDGET.ceiling} B (the measured full feature set, enforced by sdk/size.node.test.ts): ` +
      (lt <= BUDGET.ceiling ? 'within it' : `over by ${lt - BUDGET.ceiling} B`) +
      `; the design's ${BUDGET.gzip} B (goal ${BUDGET.goal}) is withdrawn for the full feature set`,
  );
  const served = (v) => rows.find((r) => r.what.endsWith(`lt/${v}.js`)).gzip;
  const launcher = served('widget') - served('base');
  console.log(`launcher (lt/widget.js - lt/base.js): ${launcher} B gzip -9 added until opened; budget ${WIDGET_BUDGET.launcher} B`);
  const w = rows.find((r) => r.what.startsWith('lt-widget.js')).gzip;
  console.log(
    `lt-widget.js: ${w} B gzip -9; design budget ${WIDGET_BUDGET.gzip} B (goal ${WIDGET_BUDGET.goal}): ` +
      (w <= WIDGET_BUDGET.gzip ? 'within budget' : `over by ${w - WIDGET_BUDGET.gzip} B`) +
      (w <= WIDGET_BUDGET.goal ? ', goal met' : ''),
  );
  const page = ['console/app.js', 'console/app.css'].map((name) => rows.find((r) => r.what.startsWith(name)).gzip);
  console.log(
    `/console: ${page[0] + page[1]} B gzip -9 (app.js ${page[0]} B + app.css ${page[1]} B; Preact and plain SVG charts, no chart library; no budget)`,
  );
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await report();
