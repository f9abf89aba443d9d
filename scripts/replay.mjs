// Replays dead letters on the local or the deployed Worker through POST /v1/ops/replay.
//
//   npm run replay -- --tenant demo --lead lead_…                 # local `npm run dev` (http://localhost:8787)
//   npm run replay -- --tenant demo --destination chatwoot
//   npm run replay -- --tenant demo --id dl_…
//   OPS_TOKEN=… npm run replay -- --remote --url https://t.client.com --tenant acme --destination hubspot
//
// The tenant is the one the URL's host serves; --tenant is checked against it. The token is $OPS_TOKEN, or locally
// the OPS_TOKEN line of .dev.vars (written by `npm run dev`).
import { commandLine, devVar } from './cli.mjs';

const { values, fail } = commandLine('replay', import.meta.url, {
  tenant: { type: 'string' },
  id: { type: 'string' },
  destination: { type: 'string' },
  lead: { type: 'string' },
  remote: { type: 'boolean', default: false },
  url: { type: 'string' },
});

if (!values.tenant) fail('--tenant is required (the tenant the host serves)');
if (!values.id && !values.destination && !values.lead) fail('name what to replay: --id dl_…, --destination NAME or --lead lead_…');
if (values.remote && !values.url) fail('--remote needs --url https://<tenant host>');

const base = (values.url ?? 'http://localhost:8787').replace(/\/+$/, '');
const token = values.remote ? process.env.OPS_TOKEN : devVar('OPS_TOKEN');
if (!token)
  fail(values.remote ? 'set OPS_TOKEN to the deployed secret' : 'no OPS_TOKEN in the environment or .dev.vars (run `npm run dev` once)');

const body = {
  tenant: values.tenant,
  ...(values.id ? { id: values.id } : {}),
  ...(values.destination ? { destination: values.destination } : {}),
  ...(values.lead ? { lead_id: values.lead } : {}),
};
let response;
try {
  response = await fetch(`${base}/v1/ops/replay`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
} catch (error) {
  fail(`cannot reach ${base} (${error.cause?.code ?? error.message}); is \`npm run dev\` running?`);
}
const result = await response.json().catch(() => null);
if (!response.ok) fail(`${response.status} ${result?.error?.code ?? ''}: ${result?.error?.message ?? 'unexpected answer'}`);
for (const item of result.replayed)
  console.log(
    `replayed ${item.id} → ${item.queue}${item.destination ? ` (${item.destination})` : ''}${item.lead_id ? ` lead ${item.lead_id}` : ''}`,
  );
for (const id of result.failed) console.log(`NOT replayed ${id} (queue send failed; run again)`);
console.log(
  `${result.replayed.length} dead letter(s) of tenant ${result.tenant} re-enqueued${result.replayed.length === 90 ? ' (at most 90 per call: run again for more)' : ''}.`,
);
