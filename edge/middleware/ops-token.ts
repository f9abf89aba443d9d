import type { MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { AppError } from '../../core/errors';
import type { AppEnv } from '../context';

async function sameSecret(given: string, expected: string): Promise<boolean> {
  // Digest both so the comparison is constant-time whatever the lengths.
  const encoder = new TextEncoder();
  const [a, b] = await Promise.all([
    crypto.subtle.digest('SHA-256', encoder.encode(given)),
    crypto.subtle.digest('SHA-256', encoder.encode(expected)),
  ]);
  return crypto.subtle.timingSafeEqual(a, b);
}

/** The operator routes (/v1/ops/*): bearer OPS_TOKEN, a secret set with `wrangler secret put OPS_TOKEN`. */
export const opsToken: MiddlewareHandler<AppEnv> = createMiddleware<AppEnv>(async function verifyOpsToken(c, next) {
  const expected = c.env.OPS_TOKEN;
  const header = c.req.header('authorization') ?? '';
  const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
  if (!expected || !given || !(await sameSecret(given, expected))) {
    throw new AppError('unauthorized', 'send Authorization: Bearer <OPS_TOKEN> (set with `wrangler secret put OPS_TOKEN`)');
  }
  await next();
});
