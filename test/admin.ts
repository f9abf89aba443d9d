/**
 * Console tokens and admin requests for the workerd tests: a token for a tenant and role, signed with the test
 * key the tenant's `console.jwt_secret` names (test/tenants.ts), or deliberately wrong for the door's tests.
 */
import { SELF } from 'cloudflare:test';
import { sign } from 'hono/jwt';
import { DELETION_TEST_SECRETS } from './deletion-tenants';
import { TEST_SECRETS } from './tenants';

export type ConsoleTenant = 'acme' | 'globex' | 'erase';

export const CONSOLE_HOSTS: Record<ConsoleTenant, string> = { acme: 't.acme.test', globex: 't.globex.test', erase: 't.erase.test' };

const CONSOLE_KEYS: Record<ConsoleTenant, string> = {
  acme: TEST_SECRETS.CONSOLE_JWT_ACME,
  globex: TEST_SECRETS.CONSOLE_JWT_GLOBEX,
  erase: DELETION_TEST_SECRETS.CONSOLE_JWT_ERASE,
};

export interface TokenOptions {
  tenant?: string;
  role?: string;
  /** Seconds from now (negative: already expired). */
  expiresIn?: number;
  /** Sign with another tenant's key. */
  signedFor?: ConsoleTenant;
  sub?: string;
}

export async function consoleToken(tenant: ConsoleTenant, options: TokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return sign(
    {
      tenant: options.tenant ?? tenant,
      role: options.role ?? 'admin',
      sub: options.sub ?? 'ana@agency.test',
      iat: now,
      exp: now + (options.expiresIn ?? 3600),
    },
    CONSOLE_KEYS[options.signedFor ?? tenant],
    'HS256',
  );
}

/** A request to /v1/admin on the tenant's host with a valid token of the role (admin by default). */
export async function adminFetch(
  tenant: ConsoleTenant,
  path: string,
  init: RequestInit & { role?: 'viewer' | 'admin'; token?: string } = {},
): Promise<Response> {
  const { role, token, headers, ...rest } = init;
  const bearer = token ?? (await consoleToken(tenant, { role: role ?? 'admin' }));
  return SELF.fetch(`https://${CONSOLE_HOSTS[tenant]}${path}`, {
    ...rest,
    headers: { authorization: `Bearer ${bearer}`, ...Object.fromEntries(new Headers(headers).entries()) },
  });
}
