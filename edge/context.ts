import type { TenantConfig } from '../core/tenants';

/** A webhook body whose signature and timestamp were verified, exactly as received. */
export interface SignedBody {
  bytes: Uint8Array;
  signature: string;
  /** The signed timestamp (ms). */
  timestampMs: number;
}

/** Hono's generics for this app: the Worker's bindings and what middleware puts on the context. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    tenant: TenantConfig;
    /** Set by edge/middleware/signature.ts once a signed webhook's body is verified. */
    signedBody?: SignedBody;
  };
}
