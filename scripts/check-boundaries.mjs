// Holds the house plan's import rules (../shared/architecture.md, rules 1-4) on every relative import, so they stay
// true as the code grows. Run by `npm run typecheck`; prints each violation with file and import, exits 1 on any.
//   1. browser packages (sdk/, widget/, console/) import nothing outside their own folder
//   2. core/ imports only libraries and core/ (never hono, cloudflare:*, edge/, worker-queue/)
//   3. edge/ and worker-queue/ never import each other (worker.ts composes them)
//   4. a destination folder (worker-queue/destinations/<name>/) never imports another destination
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const SKIP = new Set(['node_modules', 'dist', '.wrangler', '.git']);
const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

function* sourceFiles(dir) {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|tsx|mjs|js)$/.test(name) && !name.endsWith('.d.ts')) yield path;
  }
}

const top = (path) => relative(root, path).split(sep)[0];
const isTest = (path) => /\.test\.tsx?$/.test(path);
const destinationOf = (path) => {
  const parts = relative(root, path).split(sep);
  return parts[0] === 'worker-queue' && parts[1] === 'destinations' && parts.length > 3 ? parts[2] : null;
};

function violation(file, target, spec) {
  const from = top(file);
  const to = target ? top(target) : null;
  if (['sdk', 'widget', 'console'].includes(from) && to !== null && to !== from) return `${from}/ may import only from ${from}/`;
  if (from === 'core' && !isTest(file)) {
    if (spec === 'hono' || spec.startsWith('hono/') || spec.startsWith('cloudflare:')) return 'core/ may not import hono or cloudflare:*';
    if (to !== null && to !== 'core') return 'core/ may import only core/ and libraries';
  }
  if (from === 'edge' && to === 'worker-queue') return 'edge/ may not import worker-queue/';
  if (from === 'worker-queue' && to === 'edge') return 'worker-queue/ may not import edge/';
  const own = destinationOf(file);
  const other = target ? destinationOf(target) : null;
  if (own && other && own !== other) return `destination ${own} may not import destination ${other}`;
  return null;
}

const problems = [];
for (const dir of ['sdk', 'widget', 'console', 'core', 'edge', 'worker-queue']) {
  let files;
  try {
    files = [...sourceFiles(join(root, dir))];
  } catch {
    continue; // the folder does not exist yet
  }
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const spec = match[1] ?? match[2] ?? match[3];
      const target = spec.startsWith('.') ? resolve(dirname(file), spec) : null;
      const reason = violation(file, target, spec);
      if (reason) problems.push(`${relative(root, file)}: import '${spec}': ${reason}`);
    }
  }
}
if (problems.length > 0) {
  console.error(`import boundaries (../shared/architecture.md) broken:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('import boundaries hold');
