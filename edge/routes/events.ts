import { Hono } from 'hono';
import { AppError } from '../../core/errors';
import type { EventMessage } from '../../core/events';
import { LIMITS } from '../../core/limits';
import { log } from '../../core/log';
import { readJsonBody } from '../collect/body';
import type { AppEnv } from '../context';
import { cookieDomain, trackingCookie } from '../collect/cookie';
import { describeRequest } from '../collect/enrich';
import { rateLimit } from '../middleware/rate-limit';
import { validateBatch } from '../collect/validate';

/** Seconds the SDK should wait before resending after the queue refused a batch. */
const QUEUE_RETRY_AFTER_SECONDS = 5;

export const eventsRoute = new Hono<AppEnv>();

/**
 * Queue first: validate, enrich, `sendBatch` the batch to `events` as one message, then 202. D1 is not touched on this path; the
 * ingest consumer stores the events. If the queue refuses, nothing was accepted and the client retries.
 */
eventsRoute.post('/', rateLimit, async (c) => {
  const tenant = c.get('tenant');
  const now = Date.now();
  const batch = validateBatch(await readJsonBody(c.req.raw, LIMITS.bodyBytes), now);

  const seen = new Set<string>();
  const events = batch.events.filter((event) => !seen.has(event.event_id) && seen.add(event.event_id));
  const salt = c.env.IP_HASH_SALT;
  if (!salt) throw new AppError('tenant_config_invalid', 'secret IP_HASH_SALT is not set (wrangler secret put IP_HASH_SALT)');
  const request = await describeRequest(c.req.raw, { salt, tenantId: tenant.id, now });
  const skew = now - batch.sent_at;

  const message: EventMessage = {
    v: 1,
    tenant_id: tenant.id,
    request,
    events: events.map((event) => ({
      ts: Math.min(event.ts + skew, now),
      event: { ...event, bot: event.bot === true || request.bot },
    })),
  };
  try {
    await c.env.EVENTS_QUEUE.sendBatch([{ body: message, contentType: 'json' }]);
  } catch (error) {
    log('error', `queue send failed: ${String(error)}`, { request_id: c.get('requestId'), tenant: tenant.id });
    throw new AppError('queue_unavailable', 'events could not be queued; retry later', { retryAfter: QUEUE_RETRY_AFTER_SECONDS });
  }

  const consent = batch.consent ?? tenant.consent_default;
  const gpc = tenant.honor_gpc && c.req.header('sec-gpc') === '1';
  const last = events.at(-1);
  if (last && consent === 'granted' && !gpc) {
    const url = new URL(c.req.url);
    const origin = c.req.header('origin');
    const pageHost = origin ? new URL(origin).hostname : null;
    const secure = url.protocol === 'https:' || url.hostname === 'localhost' || url.hostname === '127.0.0.1';
    c.header(
      'Set-Cookie',
      trackingCookie({ trackingId: last.tracking_id, domain: cookieDomain(url.hostname, pageHost, tenant.cookie_domain), secure }),
    );
  }
  const duplicates = batch.events.length - events.length;
  return c.json({ accepted: events.length, ...(duplicates > 0 ? { duplicates } : {}) }, 202);
});
