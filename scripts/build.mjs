// `npm run build`: the CRM spec types and fake schemas, the widget, the tracker bundles and the example pages.
//   worker-queue/destinations/*/spec-*.gen.ts  typed request bodies from ../shared/specs (scripts/gen-spec-types.mjs)
//   dist/public/lt-widget.js      the widget (widget/build.mjs), first: the launcher links to its content hash
//   dist/public/lt.js, sdk/dist/  the tracker, every feature but the launcher (sdk/build.mjs), and the examples
//   dist/public/lt/<variant>.js   what the Worker serves as /lt.js per tenant (edge/routes/assets.ts, VARIANTS)
//   dist/public/console/          the console page: shell, app.js, app.css (console/build.mjs, edge/routes/console.ts)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/**
 * The /lt.js variants (sdk/bundle.mjs flags). `widget`: the launcher, for tenants with a widget. Cross-domain
 * stays in both: the tenant config has no key listing a tenant's peers (pages opt in with data-cross-domain).
 */
export const VARIANTS = { base: {}, widget: { widget: true } };

const run = (script) => {
  const result = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

/** The widget's URL as the launcher loads it: the content hash makes it cacheable for good. */
export const widgetSrc = () =>
  `lt-widget.js?v=${createHash('sha256').update(readFileSync('dist/public/lt-widget.js')).digest('hex').slice(0, 16)}`;

const main = async () => {
  run('scripts/gen-spec-types.mjs');
  mkdirSync('dist/public/lt', { recursive: true });
  if (existsSync('widget/build.mjs')) run('widget/build.mjs');
  if (existsSync('console/build.mjs')) run('console/build.mjs');
  if (existsSync('sdk/build.mjs')) run('sdk/build.mjs');
  else if (existsSync('examples/landing')) cpSync('examples/landing', 'dist/public', { recursive: true });
  const { bundle } = await import('../sdk/bundle.mjs');
  const src = widgetSrc();
  for (const [name, flags] of Object.entries(VARIANTS))
    writeFileSync(`dist/public/lt/${name}.js`, await bundle({ npm: false, ...flags, widgetSrc: src }));
  console.log(`built dist/public/lt/{${Object.keys(VARIANTS).join(',')}}.js (widget at ${src})`);
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
