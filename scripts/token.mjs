// Prints a console token (an HS256 JWT) for a tenant: paste it into /console or send it as Authorization: Bearer.
//
//   npm run token -- --tenant demo --role admin            # local: signs with the key in .dev.vars
//   npm run token -- --tenant demo --role viewer --ttl 8h --sub ana@agency.com
//   CONSOLE_JWT_ACME=… npm run token -- --tenant acme --secret CONSOLE_JWT_ACME --role viewer
//
// The key is the secret the tenant's `console.jwt_secret` names (wrangler.toml); its value comes from the
// environment variable of that name, or locally from .dev.vars (written by `npm run dev`).
import { readFileSync } from 'node:fs';
import { sign } from 'hono/jwt';
import { commandLine, devVar } from './cli.mjs';

const { values, fail } = commandLine('token', import.meta.url, {
  tenant: { type: 'string' },
  role: { type: 'string', default: 'viewer' },
  ttl: { type: 'string', default: '12h' },
  sub: { type: 'string', default: 'console-user' },
  secret: { type: 'string' },
});

if (!values.tenant) fail('--tenant is required');
if (!['viewer', 'admin'].includes(values.role)) fail('--role must be viewer or admin');

function seconds(ttl) {
  const match = /^(\d+)([smhd])$/.exec(ttl);
  if (!match) fail('--ttl is a number with s, m, h or d (e.g. 12h)');
  return Number(match[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[match[2]];
}

/** The secret name from wrangler.toml's [vars.TENANTS.<tenant>.console] jwt_secret, unless --secret names it. */
function secretName(tenant) {
  if (values.secret) return values.secret;
  const toml = readFileSync('wrangler.toml', 'utf8');
  const section = toml.split(`[vars.TENANTS.${tenant}.console]`)[1];
  const name = section?.match(/jwt_secret\s*=\s*"([^"]+)"/)?.[1];
  if (!name) fail(`wrangler.toml has no [vars.TENANTS.${tenant}.console] jwt_secret; pass --secret NAME`);
  return name;
}

function secretValue(name) {
  return devVar(name) ?? fail(`no value for ${name}: set it in the environment, or run \`npm run dev\` once to write .dev.vars`);
}

const now = Math.floor(Date.now() / 1000);
const token = await sign(
  { tenant: values.tenant, role: values.role, sub: values.sub, iat: now, exp: now + seconds(values.ttl) },
  secretValue(secretName(values.tenant)),
  'HS256',
);
console.log(token);
