import { Hono } from 'hono';
import { AppError } from '../../core/errors';
import type { AppEnv } from '../context';

export const healthRoute = new Hono<AppEnv>();

/** Liveness plus a real D1 round trip, so a load balancer notices a broken binding. */
healthRoute.get('/', async (c) => {
  const started = Date.now();
  try {
    await c.env.DB.prepare('select 1').first();
  } catch (error) {
    throw new AppError('storage_unavailable', `D1 is not reachable: ${String(error)}`, { retryAfter: 5 });
  }
  return c.json({ ok: true, tenant: c.get('tenant').id, d1_ms: Date.now() - started });
});
