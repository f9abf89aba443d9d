import type { MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { verify } from 'hono/jwt';
import { AppError } from '../../core/errors';
import { readSecret } from '../../core/tenants/secrets';
import type { AdminPrincipal, AdminRole } from '../context';
import type { AppEnv } from '../context';

const ROLES: readonly AdminRole[] = ['viewer', 'admin'];

function bearerToken(header: string | undefined): string | null {
  if (header === undefined || !header.startsWith('Bearer ')) return null;
  const token = header.slice('Bearer '.length).trim();
  return token === '' ? null : token;
}

function isRole(value: unknown): value is AdminRole {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * The console API's door (design §3, architecture rule 6): a Bearer JWT signed HS256 with the tenant's own
 * `console.jwt_secret`. The tenant comes only from the Host; the token's `tenant` claim must equal it, so a
 * token for tenant A is refused on tenant B's host even if both secrets were the same. `exp` is required
 * (no token lives forever); `alg` must be HS256 (so `none` and algorithm confusion fail); `role` is
 * `viewer` (also when absent) or `admin`; `sub` names the person for audit rows. A tenant without `console` has no console API.
 */
export const adminAuth: MiddlewareHandler<AppEnv> = createMiddleware<AppEnv>(async function verifyAdminToken(c, next) {
  const tenant = c.get('tenant');
  const secretName = tenant.console?.jwt_secret;
  if (secretName === undefined)
    throw new AppError('not_found', 'the console is not configured for this tenant ([vars.TENANTS.<id>.console])');
  const secret = readSecret(c.env, secretName);
  if (secret === null) {
    throw new AppError(
      'tenant_config_invalid',
      `secret ${secretName} (console.jwt_secret) is not set (wrangler secret put ${secretName})`,
      {
        details: { tenant: tenant.id, field: 'console.jwt_secret', secret: secretName },
      },
    );
  }
  const token = bearerToken(c.req.header('authorization'));
  if (token === null)
    throw new AppError('unauthorized', 'send Authorization: Bearer <console token> (npm run token -- --tenant <id> --role viewer|admin)');
  let claims: Record<string, unknown>;
  try {
    claims = await verify(token, secret, 'HS256');
  } catch (error) {
    const reason = error instanceof Error ? error.name : 'invalid';
    throw new AppError('unauthorized', 'the console token is invalid, expired or not signed for this tenant', { details: { reason } });
  }
  if (typeof claims.exp !== 'number')
    throw new AppError('unauthorized', 'the console token has no exp claim', { details: { reason: 'exp_missing' } });
  // `tenant` is the claim; `tenant_id` is accepted as its alias (both present must agree).
  const claimed = [claims.tenant, claims.tenant_id].filter((value) => value !== undefined);
  if (claimed.length === 0 || claimed.some((value) => value !== tenant.id)) {
    throw new AppError('forbidden', `this token is not for tenant "${tenant.id}"`, { details: { reason: 'tenant_mismatch' } });
  }
  // Least privilege: a token without a role reads; an unknown role is refused.
  const role = claims.role ?? 'viewer';
  if (!isRole(role))
    throw new AppError('forbidden', 'the console token has no valid role (viewer or admin)', { details: { reason: 'role' } });
  const principal: AdminPrincipal = {
    role,
    subject: typeof claims.sub === 'string' && claims.sub !== '' ? claims.sub : 'unknown',
    expiresAt: claims.exp * 1000,
  };
  c.set('admin', principal);
  await next();
});

/** For routes that change something (replay, delete, spend import): viewers may read, not act. */
export const requireAdminRole: MiddlewareHandler<AppEnv> = createMiddleware<AppEnv>(async function requireAdmin(c, next) {
  const principal = c.get('admin');
  if (principal?.role !== 'admin')
    throw new AppError('forbidden', 'this action needs a console token with role "admin"', { details: { reason: 'role' } });
  await next();
});

/** The verified principal of an admin route (set by adminAuth, which every /v1/admin route runs behind). */
export function adminPrincipal(c: { get(key: 'admin'): AdminPrincipal | undefined }): AdminPrincipal {
  const principal = c.get('admin');
  if (principal === undefined) throw new AppError('unauthorized', 'admin route reached without a verified token');
  return principal;
}
