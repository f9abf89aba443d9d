// The local provider fakes for `npm run dev` (started beside `wrangler dev` by scripts/dev.mjs, or alone with
// `npm run fakes`): the same code the workerd tests use (test/fakes/*.ts, bundled here with esbuild), validating
// every request against ../shared/specs. Look at what arrived:
//   curl http://127.0.0.1:8788/chatwoot/__state
// and inject faults with POST /chatwoot/__faults (see below).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { build } from 'esbuild';

const PORT = Number(process.env.FAKES_PORT ?? 8788);
/** Must match CHATWOOT_TOKEN_DEMO in .dev.vars (scripts/dev-setup.mjs) and the demo tenant in wrangler.toml. */
const DEMO_ACCOUNT = { id: 1, token: 'dev-chatwoot-token', inboxes: [1, 2, 3] };

const bundle = await build({
  entryPoints: ['test/fakes/chatwoot.ts'],
  bundle: true,
  format: 'esm',
  platform: 'node',
  write: false,
  logLevel: 'warning',
});
const { createChatwootFake } = await import(`data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].text).toString('base64')}`);
const spec = JSON.parse(readFileSync('../shared/specs/chatwoot/swagger.json', 'utf8'));
const chatwoot = createChatwootFake({ spec, accounts: [DEMO_ACCOUNT], basePath: '/chatwoot' });

const server = createServer(async (req, res) => {
  try {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
    const headers = Object.entries(req.headers).flatMap(([key, value]) =>
      Array.isArray(value) ? value.map((item) => [key, item]) : value === undefined ? [] : [[key, value]],
    );
    const request = new Request(`http://127.0.0.1:${PORT}${req.url}`, {
      method: req.method,
      headers,
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
    });
    // Faults on demand (npm run seed uses it for a few dead letters): POST /chatwoot/__faults
    // { "count": 3, "status": 422, "body": {…}, "operation_id": "newConversation" } — the next `count` matching calls fail.
    if (req.method === 'POST' && req.url === '/chatwoot/__faults') {
      const fault = JSON.parse(body?.toString('utf8') || '{}');
      chatwoot.failNext(Number(fault.count ?? 1), { status: Number(fault.status ?? 500), body: fault.body }, fault.operation_id ?? null);
      res.writeHead(204).end();
      return;
    }
    if (!req.url.startsWith('/chatwoot/')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'fakes: /chatwoot/… only' }));
      return;
    }
    const controller = new AbortController();
    res.on('close', () => controller.abort());
    const response = await chatwoot.handle(new Request(request, { signal: controller.signal }));
    const text = await response.text();
    if (!req.url.endsWith('/__state')) console.log(`chatwoot ${req.method} ${req.url.split('?')[0]} → ${response.status}`);
    res.writeHead(response.status, Object.fromEntries(response.headers)).end(text);
  } catch (error) {
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(error) }));
  }
});
server.listen(PORT, '127.0.0.1', () => {
  console.log(`fakes: Chatwoot on http://127.0.0.1:${PORT}/chatwoot (see curl http://127.0.0.1:${PORT}/chatwoot/__state)`);
});
