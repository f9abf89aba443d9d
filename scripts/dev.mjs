// `npm run dev`: the local provider fakes (scripts/fakes.mjs) beside `wrangler dev`; stopping one stops both.
// `--test-scheduled` lets `curl 'http://localhost:8787/__scheduled?cron=15+0+*+*+*'` run the alerts cron (npm run seed does).
import { spawn } from 'node:child_process';

const env = { ...process.env, WRANGLER_SEND_METRICS: 'false' };
const fakes = spawn(process.execPath, ['scripts/fakes.mjs'], { stdio: 'inherit', env });
const wrangler = spawn('npx', ['wrangler', 'dev', '--port', '8787', '--test-scheduled', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env,
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
