// Answers the widget's visitor as an agent, locally: the reply is written into the Chatwoot fake's conversation
// (like an agent typing in Chatwoot) and Chatwoot's signed `message_created` webhook is sent to the local Worker,
// which stores it and pushes it into the open widget.
//
//   npm run chat:reply -- --text "Hi! Happy to help."            # the newest conversation in the fake
//   npm run chat:reply -- --text "…" --conversation 12 --agent "Maria"
//
// Needs `npm run dev` running (Worker on http://localhost:8787, Chatwoot fake on http://127.0.0.1:8788). Signs with
// CHATWOOT_WEBHOOK_DEMO from .dev.vars (written by `npm run dev`), the demo tenant's webhook_secret.
import { createHmac, randomUUID } from 'node:crypto';
import { commandLine, devVar } from './cli.mjs';

const { values, fail } = commandLine('chat:reply', import.meta.url, {
  text: { type: 'string' },
  conversation: { type: 'string' },
  agent: { type: 'string', default: 'Ana' },
  url: { type: 'string', default: 'http://localhost:8787' },
  fake: { type: 'string', default: `http://127.0.0.1:${process.env.FAKES_PORT ?? 8788}/chatwoot` },
});

if (!values.text) fail('--text "…" is required');
const secret = devVar('CHATWOOT_WEBHOOK_DEMO');
const token = devVar('CHATWOOT_TOKEN_DEMO');
if (!secret || !token) fail('CHATWOOT_WEBHOOK_DEMO / CHATWOOT_TOKEN_DEMO are not in .dev.vars: run `npm run dev` once');

const state = await fetch(`${values.fake}/__state`)
  .then((r) => r.json())
  .catch(() => fail(`no Chatwoot fake at ${values.fake} (is \`npm run dev\` running?)`));
const conversations = state.accounts?.['1']?.conversations ?? [];
const conversation = values.conversation
  ? conversations.find((c) => c.id === Number(values.conversation))
  : conversations.reduce((newest, c) => (!newest || c.id > newest.id ? c : newest), undefined);
if (!conversation) fail("no conversation in the fake yet: answer the widget's questionnaire and write a message first");

// What the agent types in Chatwoot: an outgoing message on the conversation (validated against the spec by the fake).
const created = await fetch(`${values.fake}/api/v1/accounts/1/conversations/${conversation.id}/messages`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', api_access_token: token },
  body: JSON.stringify({ content: values.text, message_type: 'outgoing', private: false }),
}).then((r) => r.json());

// What Chatwoot then sends to the webhook: message_created, signed over "{timestamp}.{body}".
const body = JSON.stringify({
  event: 'message_created',
  id: created.id,
  content: values.text,
  created_at: new Date().toISOString(),
  message_type: 'outgoing',
  content_type: 'text',
  private: false,
  sender: { id: 1, name: values.agent, available_name: values.agent, type: 'user' },
  conversation: { id: conversation.id, inbox_id: conversation.inbox_id, status: conversation.status },
  account: { id: 1 },
});
const timestamp = String(Math.floor(Date.now() / 1000));
const signature = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
const response = await fetch(`${values.url}/v1/webhooks/chatwoot`, {
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    'X-Chatwoot-Signature': `sha256=${signature}`,
    'X-Chatwoot-Timestamp': timestamp,
    'X-Chatwoot-Delivery': `dev-${randomUUID()}`,
  },
  body,
}).catch(() => fail(`no Worker at ${values.url} (is \`npm run dev\` running?)`));
console.log(`conversation ${conversation.id}: ${response.status} ${await response.text()}`);
if (!response.ok) process.exit(1);
