import { createMiddleware } from 'hono/factory';
import { AppError } from '../../core/errors';
import type { AppEnv } from '../context';

/** Seconds a client should wait after a 429: the binding's period (10 s) is the worst case. */
const RETRY_AFTER_SECONDS = 10;

function rateLimited(scope: 'ip' | 'tenant'): AppError {
  return new AppError('rate_limited', 'too many requests; retry later', { retryAfter: RETRY_AFTER_SECONDS, details: { scope } });
}

/**
 * Two Workers rate-limit bindings: per tenant+IP (one abusive client) and per tenant (a flood from many
 * IPs). Checked in that order, one after the other: a request the per-IP limit refuses is not charged to
 * the tenant, so one flooding IP cannot use up the budget of the tenant's other visitors. The IP is only
 * used as a counter key here; it is never stored.
 */
export const rateLimit = createMiddleware<AppEnv>(async function rateLimit(c, next) {
  const tenant = c.get('tenant').id;
  const ip = c.req.header('cf-connecting-ip') ?? 'unknown';
  if (!(await c.env.RL_IP.limit({ key: `${tenant}:${ip}` })).success) throw rateLimited('ip');
  if (!(await c.env.RL_TENANT.limit({ key: tenant })).success) throw rateLimited('tenant');
  await next();
});
