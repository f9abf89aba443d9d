import type { TenantConfig } from '../core/tenants';

/** Hono's generics for this app: the Worker's bindings and what middleware puts on the context. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    tenant: TenantConfig;
  };
}
