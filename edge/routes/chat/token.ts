import { Hono } from 'hono';
import { issueClaim } from '../../../core/chat/claims';
import { ChatTokenRequestSchema } from '../../../core/chat/requests';
import { signChatToken, verifyChatToken } from '../../../core/chat/token';
import { openDatabase } from '../../../core/db';
import { AppError } from '../../../core/errors';
import { readJsonBody } from '../../collect/body';
import type { AppEnv } from '../../context';
import { rateLimit } from '../../middleware/rate-limit';
import { chatTokenSecret, parseBody, requireChat } from './auth';

const TOKEN_BODY_MAX_BYTES = 4096;

export const chatTokenRoute = new Hono<AppEnv>();

/**
 * `POST /v1/chat/token` `{ tracking_id, token? }` → `{ token, expires_at, since }`. The first browser to ask for a
 * tracking id's chat claims it; afterwards only a live token of that claim gets a new one (renewal), everyone else
 * `403 forbidden` — knowing a tracking id is not enough (core/chat/claims.ts has the threat model).
 */
chatTokenRoute.post('/', rateLimit, async function issueChatToken(c) {
  requireChat(c);
  const tenant = c.get('tenant');
  const secret = chatTokenSecret(c);
  const body = parseBody(ChatTokenRequestSchema, await readJsonBody(c.req.raw, TOKEN_BODY_MAX_BYTES));
  const now = Date.now();
  // An expired or foreign token renews nothing; the request is then an ordinary first-use claim.
  const presented = body.token ? await verifyChatToken(secret, body.token, tenant.id, now) : null;
  const result = await issueClaim(openDatabase(c.env.DB), tenant.id, body.tracking_id, presented?.ok ? presented.claim : null, now);
  c.header('Cache-Control', 'no-store');
  if (!result.ok) {
    throw new AppError('forbidden', "this visitor's chat is held by another browser", { details: { reason: 'held' } });
  }
  const token = await signChatToken(secret, result.claim);
  return c.json({ token, expires_at: result.claim.expiresAt, since: result.claim.since });
});
