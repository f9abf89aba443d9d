import { Hono } from 'hono';
import { AppError } from '../../core/errors';
import type { AppEnv } from '../context';

export const healthRoute = new Hono<AppEnv>();

/** How long one D1 check answers /healthz for, per isolate: a burst of probes costs one query. */
export const HEALTH_CHECK_TTL_MS = 5_000;

interface Check {
  at: number;
  d1Ms: number;
  error?: string;
}

/** Keyed on the D1 binding (stable for an isolate's life), like the tenant registry's cache. */
const checks = new WeakMap<D1Database, Check | Promise<Check>>();

async function checkD1(db: D1Database): Promise<Check> {
  const started = Date.now();
  try {
    await db.prepare('select 1').first();
    return { at: Date.now(), d1Ms: Date.now() - started };
  } catch (error) {
    return { at: Date.now(), d1Ms: Date.now() - started, error: String(error) };
  }
}

/** The last check if it is fresh; concurrent callers share the one in flight. A failure is remembered too. */
async function recentCheck(db: D1Database, now: number): Promise<{ check: Check; cached: boolean }> {
  const known = checks.get(db);
  if (known instanceof Promise) return { check: await known, cached: true };
  if (known && now - known.at < HEALTH_CHECK_TTL_MS) return { check: known, cached: true };
  const pending = checkD1(db);
  checks.set(db, pending);
  const check = await pending;
  checks.set(db, check);
  return { check, cached: false };
}

/**
 * Liveness plus a real D1 round trip, so a load balancer notices a broken binding. The result is reused
 * for HEALTH_CHECK_TTL_MS: an unauthenticated route must not turn every call into a D1 query.
 */
healthRoute.get('/', async (c) => {
  const { check, cached } = await recentCheck(c.env.DB, Date.now());
  if (check.error !== undefined) {
    throw new AppError('storage_unavailable', `D1 is not reachable: ${check.error}`, { retryAfter: 5 });
  }
  return c.json({ ok: true, tenant: c.get('tenant').id, d1_ms: check.d1Ms, cached });
});
