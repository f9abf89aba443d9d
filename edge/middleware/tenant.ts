import { createMiddleware } from 'hono/factory';
import { AppError, clip } from '../../core/errors';
import { TenantConfigError, loadTenants } from '../../core/tenants';
import type { AppEnv } from '../context';

/** Host → tenant. A broken tenant config answers every request with the tenant and field to fix. */
export const resolveTenant = createMiddleware<AppEnv>(async (c, next) => {
  let registry;
  try {
    registry = loadTenants(c.env.TENANTS);
  } catch (error) {
    if (error instanceof TenantConfigError) {
      throw new AppError('tenant_config_invalid', `invalid tenant configuration: ${error.message}`, {
        details: { tenant: error.tenant, field: error.field, reason: error.reason },
      });
    }
    throw error;
  }
  const host = new URL(c.req.url).hostname.toLowerCase();
  const tenant = registry.byHost.get(host);
  if (!tenant) throw new AppError('tenant_not_found', `no tenant is configured for host "${clip(host)}"`);
  c.set('tenant', tenant);
  await next();
});
