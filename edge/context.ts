import type { TenantConfig } from '../core/tenants';

/** A webhook body whose signature and timestamp were verified, exactly as received. */
export interface SignedBody {
  bytes: Uint8Array;
  signature: string;
  /** The signed timestamp (ms). */
  timestampMs: number;
}

export type AdminRole = 'viewer' | 'admin';

/** Who called a /v1/admin route, from the verified console token (edge/middleware/admin-auth.ts). */
export interface AdminPrincipal {
  role: AdminRole;
  /** The token's `sub` (a person's name or email, for audit rows); "unknown" when absent. */
  subject: string;
  /** When the token expires (ms). */
  expiresAt: number;
}

/** Hono's generics for this app: the Worker's bindings and what middleware puts on the context. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    tenant: TenantConfig;
    /** Set by edge/middleware/signature.ts once a signed webhook's body is verified. */
    signedBody?: SignedBody;
    /** Set by edge/middleware/admin-auth.ts on /v1/admin routes. */
    admin?: AdminPrincipal;
  };
}
