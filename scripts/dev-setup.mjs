// Prepares a fresh checkout for `wrangler dev`: local secrets in .dev.vars (a random IP-hash salt).
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';

if (!existsSync('.dev.vars')) {
  writeFileSync('.dev.vars', `IP_HASH_SALT=${randomBytes(24).toString('hex')}\n`);
  console.log('wrote .dev.vars (local secrets)');
}
