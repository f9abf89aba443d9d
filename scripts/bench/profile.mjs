// @ts-check
/**
 * `node scripts/bench/profile.mjs`: where the collector's CPU goes under the bench load. Not part of
 * `npm run bench` (the profiler slows workerd down); run it when chasing the collector/bare ratio.
 * Samples the product Worker's isolate through workerd's inspector for a few seconds of load and prints
 * self time by bundled module and by function. Native work called from JS (JSON.parse, queue message
 * serialisation, crypto) is counted in the calling function. The raw profile opens in Chrome DevTools.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import WebSocket from 'ws';
import { load } from './load.mjs';
import { bodyTemplates } from './traffic.mjs';
import { TENANT, bundleWorker, startCollector } from './workers.mjs';

const OUT_DIR = '.tmp/bench';
const SECONDS = 5;

/** A free local port for the inspector (9229 is often taken by another workerd). @returns {Promise<number>} */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * esbuild marks where each source file starts (`// edge/collect/body.ts`, `// node_modules/valibot/dist/index.js`);
 * maps a bundle line to its package or source file.
 * @param {string} bundle
 */
function moduleOfLine(bundle) {
  /** @type {[number, string][]} */
  const starts = [];
  bundle.split('\n').forEach((line, index) => {
    const match = /^\/\/ ((?:node_modules\/)?[\w@.\-/]+\.(?:[cm]?js|ts))$/.exec(line);
    if (!match?.[1]) return;
    const pkg = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(match[1]);
    starts.push([index, pkg?.[1] ?? match[1]]);
  });
  return (/** @type {number} */ line) => {
    let name = '(bundle preamble)';
    for (const [start, module] of starts) {
      if (start > line) break;
      name = module;
    }
    return name;
  };
}

/** @param {Map<string, number>} counts @param {number} total @param {number} top */
function print(counts, total, top) {
  for (const [name, n] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${((100 * n) / total).toFixed(1).padStart(5)} %  ${name}`);
}

const scriptPath = bundleWorker(OUT_DIR);
const inspectorPort = await freePort();
const { mf, url } = await startCollector(scriptPath, { inspectorPort });
try {
  const targets = /** @type {{ title: string, webSocketDebuggerUrl: string }[]} */ (
    await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json()
  );
  const worker = targets.find((t) => t.title.endsWith(':leadtrail'));
  if (!worker) throw new Error(`no inspector target for the Worker: ${targets.map((t) => t.title).join(', ')}`);
  const ws = new WebSocket(worker.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let nextId = 0;
  /**
   * What the profiler answers: only Profiler.stop carries a result the script reads.
   * @typedef {{ profile?: { nodes: { id: number, callFrame: { functionName: string, url: string, lineNumber: number } }[], samples: number[] } }} CdpResult
   */
  /** @type {Map<number, (result: CdpResult) => void>} */
  const pending = new Map();
  ws.on('message', (data) => {
    const message = JSON.parse(String(data));
    pending.get(message.id)?.(message.result);
    pending.delete(message.id);
  });
  /** @param {string} method @param {object} [params] @returns {Promise<CdpResult>} */
  const call = (method, params = {}) =>
    new Promise((resolve) => {
      nextId += 1;
      pending.set(nextId, resolve);
      ws.send(JSON.stringify({ id: nextId, method, params }));
    });

  const target = {
    url,
    host: TENANT.host,
    origin: TENANT.origin,
    templates: bodyTemplates({ seed: 42, size: 500, eventsPerBatch: 10, now: Date.now() }),
    tag: `p${Date.now().toString(36)}`,
  };
  await load({ ...target, tag: `${target.tag}w` }, { connections: 50, duration: 2 }); // warm-up, JIT settled
  await call('Profiler.enable');
  await call('Profiler.setSamplingInterval', { interval: 200 });
  await call('Profiler.start');
  const result = await load(target, { connections: 50, duration: SECONDS });
  const { profile } = await call('Profiler.stop');
  ws.close();
  if (!profile) throw new Error('Profiler.stop returned no profile');
  writeFileSync(`${OUT_DIR}/collector.cpuprofile`, JSON.stringify(profile));

  const { nodes, samples } = profile;
  const moduleOf = moduleOfLine(readFileSync(scriptPath, 'utf8'));
  const byId = new Map(nodes.map((node) => [node.id, node.callFrame]));
  const byModule = new Map();
  const byFunction = new Map();
  for (const id of samples) {
    const frame = byId.get(id);
    if (!frame) continue;
    const module = frame.url.endsWith('worker.js')
      ? moduleOf(frame.lineNumber)
      : `(workerd) ${frame.functionName || frame.url || 'native'}`;
    const fn = `${frame.functionName || '(anonymous)'}  ${module}${frame.url.endsWith('worker.js') ? `:${frame.lineNumber + 1}` : ''}`;
    byModule.set(module, (byModule.get(module) ?? 0) + 1);
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + 1);
  }
  console.log(
    `collector under the profiler: ${Math.round(result.ok / result.seconds)} requests/s, ${samples.length} samples over ${SECONDS} s`,
  );
  console.log('\nself time by module (bundle lines in .tmp/bench/worker.js)');
  print(byModule, samples.length, 15);
  console.log('\nself time by function');
  print(byFunction, samples.length, 20);
  console.log(`\nfull profile: ${OUT_DIR}/collector.cpuprofile (Chrome DevTools → Performance → Load profile)`);
} finally {
  await mf.dispose();
}
