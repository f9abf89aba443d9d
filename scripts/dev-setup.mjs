// Prepares a fresh checkout for `wrangler dev`: local secrets in .dev.vars (a random IP-hash salt and ops token,
// the Chatwoot fake's token, the console's JWT key). Keys added later are appended to an existing .dev.vars; values there are kept.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** The local Chatwoot fake (scripts/fakes.mjs) accepts this token for account 1. */
export const DEV_CHATWOOT_TOKEN = 'dev-chatwoot-token';

const wanted = {
  IP_HASH_SALT: () => randomBytes(24).toString('hex'),
  OPS_TOKEN: () => randomBytes(24).toString('hex'),
  CHATWOOT_TOKEN_DEMO: () => DEV_CHATWOOT_TOKEN,
  // The demo console's HS256 signing key (`npm run token -- --tenant demo --role admin` signs with it).
  CONSOLE_JWT_DEMO: () => randomBytes(32).toString('hex'),
  // The widget's chat tokens (POST /v1/chat/token) are signed with it.
  CHAT_TOKEN_SECRET: () => randomBytes(32).toString('hex'),
  // The demo tenant's Chatwoot webhook secret: `npm run chat:reply` signs agent replies with it.
  CHATWOOT_WEBHOOK_DEMO: () => randomBytes(24).toString('hex'),
};

const current = existsSync('.dev.vars') ? readFileSync('.dev.vars', 'utf8') : '';
const present = new Set(current.split('\n').map((line) => line.split('=')[0]?.trim()));
const missing = Object.entries(wanted).filter(([key]) => !present.has(key));
if (missing.length > 0) {
  const lines = missing.map(([key, make]) => `${key}=${make()}`).join('\n');
  writeFileSync('.dev.vars', `${current}${current === '' || current.endsWith('\n') ? '' : '\n'}${lines}\n`);
  console.log(`.dev.vars: added ${missing.map(([key]) => key).join(', ')} (local secrets)`);
}
