/**
 * One local collector for the whole browser suite: D1 migrations applied into a fresh persist dir, then
 * `wrangler dev` on free ports, torn down at the end. Tests get the port and the D1 file via inject().
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { TRIGGER_TENANTS } from './trigger-tenants';
import { CHAT_SECRETS, chatTenant } from './chat-tenant';
import { startChatwootServer } from './chatwoot-server';
import { BOARD_TENANT, CONSOLE_KEYS, FAKE_CHATWOOT_TOKEN, replayTenant } from './console-tenant';
import { WIDGET_TENANT } from './widget-tenant';

declare module 'vitest' {
  export interface ProvidedContext {
    port: number;
    d1File: string;
    /** scripts/fakes.mjs (the spec-validating Chatwoot fake), the replay tenant's destination. */
    fakesPort: number;
    chatwootPort: number;
  }
}

const root = join(import.meta.dirname, '..', '..');
const wrangler = join(root, 'node_modules', '.bin', 'wrangler');

/**
 * wrangler.toml's demo tenant, plus an opt-in tenant on `optin.localhost` (Chromium resolves *.localhost
 * to the loopback) whose visitors must consent first: the plain tag there must start as "pending", and
 * a site with two hosts (`www.` and `app.acme.localhost`) that share one visitor through the id cookie, a
 * tenant with `capture_forms = false` on `nocapture.localhost`, and a tenant on `widget.localhost` with the
 * questionnaire widget (test/browser/widget-tenant.ts). The demo tenant has its console (as in wrangler.toml), and
 * `board.localhost` is a console tenant only test/browser/console.test.ts sends traffic to (console-tenant.ts), and one
 * on `chat.localhost` whose widget chats with an agent in the suite's Chatwoot fake (test/browser/chat-tenant.ts).
 */
const browserTenants = (chatwootBase: string) => ({
  demo: {
    name: 'Demo (localhost)',
    hosts: ['localhost', '127.0.0.1'],
    allowed_origins: [],
    consent_default: 'granted',
    honor_gpc: true,
    serve_examples: true,
    console: { jwt_secret: 'CONSOLE_JWT_DEMO' },
  },
  optin: { name: 'Opt-in', hosts: ['optin.localhost'], consent_default: 'pending', serve_examples: true },
  site: { name: 'Two hosts of one site', hosts: ['www.acme.localhost', 'app.acme.localhost'], serve_examples: true },
  nocapture: { name: 'No form capture', hosts: ['nocapture.localhost'], capture_forms: false, serve_examples: true },
  widget: WIDGET_TENANT,
  ...TRIGGER_TENANTS,
  board: BOARD_TENANT,
  chat: chatTenant(chatwootBase),
});
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1' };

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

let child: ChildProcess | undefined;
let fakes: ChildProcess | undefined;
let chatwoot: Awaited<ReturnType<typeof startChatwootServer>> | undefined;
let dir = '';

/** The provider fakes of `npm run dev` on a free port, for the console's replay test (test/browser/console-replay.test.ts). */
async function startFakes(): Promise<number> {
  const port = await freePort();
  let log = '';
  fakes = spawn(process.execPath, [join(root, 'scripts/fakes.mjs')], {
    cwd: root,
    env: { ...env, FAKES_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  for (const s of [fakes.stdout!, fakes.stderr!]) s.on('data', (b: Buffer) => (log += b));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (fakes.exitCode !== null) throw new Error(`scripts/fakes.mjs exited (${fakes.exitCode}):\n${log}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/chatwoot/__state`)).ok) return port;
    } catch {}
    if (Date.now() > deadline) throw new Error(`scripts/fakes.mjs did not answer in 60 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function stop(process_: ChildProcess | undefined, signal: NodeJS.Signals): void {
  if (!process_?.pid) return;
  try {
    process.kill(-process_.pid, signal);
  } catch {}
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!['lt.js', 'spa/app.js', 'lt-widget.js', 'console/app.js'].every((f) => existsSync(join(root, 'dist/public', f))))
    execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  dir = mkdtempSync(join(tmpdir(), 'lt-browser-'));
  execFileSync(wrangler, ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', dir], {
    cwd: root,
    env,
    stdio: 'pipe',
  });
  const d1Dir = join(dir, 'v3/d1/miniflare-D1DatabaseObject');
  const d1File = readdirSync(d1Dir)
    .filter((f) => f.endsWith('.sqlite') && !f.startsWith('metadata'))
    .map((f) => join(d1Dir, f))[0];
  if (!d1File) throw new Error(`no D1 sqlite file under ${d1Dir}`);

  const fakesPort = await startFakes();
  const chatwootPort = await freePort();
  chatwoot = await startChatwootServer(chatwootPort, CHAT_SECRETS.CHATWOOT_TOKEN_CHAT);
  const secrets = Object.entries(CHAT_SECRETS).flatMap(([name, value]) => ['--var', `${name}:${value}`]);
  const tenants = { ...browserTenants(chatwoot.base), replay: replayTenant(fakesPort) };
  const port = await freePort();
  const inspector = await freePort();
  let log = '';
  child = spawn(
    wrangler,
    [
      'dev',
      '--port',
      String(port),
      '--inspector-port',
      String(inspector),
      '--persist-to',
      dir,
      '--ip',
      '127.0.0.1',
      '--var',
      'IP_HASH_SALT:browser-tests',
      '--var',
      `TENANTS:${JSON.stringify(tenants)}`,
      ...Object.entries(CONSOLE_KEYS).flatMap(([name, key]) => ['--var', `${name}:${key}`]),
      '--var',
      `CHATWOOT_TOKEN_REPLAY:${FAKE_CHATWOOT_TOKEN}`,
      ...secrets,
    ],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  // The Worker's log of the last run, for debugging a failure: $TMPDIR/leadtrail-browser-wrangler.log
  const file = createWriteStream(join(tmpdir(), 'leadtrail-browser-wrangler.log'));
  for (const s of [child.stdout!, child.stderr!])
    s.on('data', (b: Buffer) => {
      log += b;
      file.write(b);
    });

  const deadline = Date.now() + 60_000;
  for (;;) {
    // A setup that fails gets no teardown: stop the fakes (and what wrangler started) before throwing.
    const failed =
      child.exitCode !== null
        ? `wrangler dev exited (${child.exitCode})`
        : Date.now() > deadline
          ? 'wrangler dev did not answer /healthz in 60 s'
          : null;
    if (failed) {
      stop(child, 'SIGKILL');
      stop(fakes, 'SIGKILL');
      await chatwoot?.close();
      throw new Error(`${failed}:\n${log}`);
    }
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  project.provide('port', port);
  project.provide('d1File', d1File);
  project.provide('fakesPort', fakesPort);
  project.provide('chatwootPort', chatwootPort);

  return async () => {
    // The process groups: wrangler and the workerd it started, and the fakes.
    stop(child, 'SIGTERM');
    stop(fakes, 'SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    stop(child, 'SIGKILL');
    stop(fakes, 'SIGKILL');
    await chatwoot?.close();
    rmSync(dir, { recursive: true, force: true });
  };
}
