import { createMiddleware } from 'hono/factory';
import { AppError } from '../../core/errors';
import type { AppEnv } from '../context';

/** Seconds a client should wait after a 429: the binding's period (10 s) is the worst case. */
const RETRY_AFTER_SECONDS = 10;

/**
 * Two Workers rate-limit bindings: per tenant+IP (one abusive client) and per tenant (a flood from many
 * IPs). The IP is only used as a counter key here; it is never stored.
 */
export const rateLimit = createMiddleware<AppEnv>(async (c, next) => {
  const tenant = c.get('tenant').id;
  const ip = c.req.header('cf-connecting-ip') ?? 'unknown';
  const [perIp, perTenant] = await Promise.all([c.env.RL_IP.limit({ key: `${tenant}:${ip}` }), c.env.RL_TENANT.limit({ key: tenant })]);
  if (!perIp.success || !perTenant.success) {
    throw new AppError('rate_limited', 'too many requests; retry later', {
      retryAfter: RETRY_AFTER_SECONDS,
      details: { scope: perIp.success ? 'tenant' : 'ip' },
    });
  }
  await next();
});
