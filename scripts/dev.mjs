// `npm run dev`: the local provider fakes (scripts/fakes.mjs) beside `wrangler dev`; stopping one stops both.
// `--test-scheduled` lets `curl 'http://localhost:8787/__scheduled?cron=15+0+*+*+*'` run the alerts cron (npm run seed does).
import { spawn } from 'node:child_process';

//
// The DevTools inspector of `wrangler dev` is off unless LEADTRAIL_INSPECTOR=1: in wrangler 4.86 its
// InspectorProxyWorker makes one loopback request per runtime inspector message and never closes those
// connections, so a few thousand queue batches (`npm run seed` sends 20,000 events) exhaust workerd's file
// descriptors ("Too many open files") and the local Worker stops answering. The CLI has no flag for it; wrangler
// skips the inspector when it believes it runs in VS Code's JavaScript Debug Terminal (VSCODE_INSPECTOR_OPTIONS
// set), which is what this sets. Console logs still print (they come through workerd's structured logs).
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false' };
const wranglerEnv =
  process.env.LEADTRAIL_INSPECTOR === '1' ? env : { ...env, VSCODE_INSPECTOR_OPTIONS: env.VSCODE_INSPECTOR_OPTIONS ?? '{}' };
const fakes = spawn(process.execPath, ['scripts/fakes.mjs'], { stdio: 'inherit', env });
const wrangler = spawn('npx', ['wrangler', 'dev', '--port', '8787', '--test-scheduled', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: wranglerEnv,
});

function stop(code) {
  fakes.kill();
  wrangler.kill();
  process.exitCode = code ?? 0;
}
fakes.on('exit', (code) => stop(code));
wrangler.on('exit', (code) => stop(code));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
