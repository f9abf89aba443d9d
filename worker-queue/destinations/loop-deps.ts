/**
 * What the delivery loop (./deliver.ts) and its deletion path (./erase.ts) run with. Its own module, so the loop
 * can hand deletion messages to ./erase.ts without the two importing each other.
 */
import type { Database } from '../../core/db';
import type { logger } from '../../core/log';
import type { TenantConfig } from '../../core/tenants';

export type Logger = ReturnType<typeof logger>;

export interface LoopDeps {
  db: Database;
  env: Env;
  queue: string;
  tenants: ReadonlyMap<string, TenantConfig>;
  now: () => number;
  timeoutMs: number;
}
