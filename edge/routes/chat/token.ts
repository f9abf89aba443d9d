import { Hono } from 'hono';
import { issueClaim } from '../../../core/chat/claims';
import { ChatTokenRequestSchema } from '../../../core/chat/requests';
import { signChatToken } from '../../../core/chat/token';
import { openDatabase } from '../../../core/db';
import { AppError } from '../../../core/errors';
import { readJsonBody } from '../../collect/body';
import type { AppEnv } from '../../context';
import { rateLimit } from '../../middleware/rate-limit';
import { chatTokenSecret, parseBody, requireChat } from './auth';

const TOKEN_BODY_MAX_BYTES = 4096;

export const chatTokenRoute = new Hono<AppEnv>();

/**
 * `POST /v1/chat/token` `{ tracking_id, key }` → `{ token, expires_at, since }`. The first browser to ask for a
 * tracking id's chat claims it with its key; while the claim lives only that key gets a token (renewal, or a retry
 * after a lost answer), everyone else `403 forbidden` — knowing a tracking id is not enough (core/chat/claims.ts).
 */
chatTokenRoute.post('/', rateLimit, async function issueChatToken(c) {
  requireChat(c);
  const tenant = c.get('tenant');
  const secret = chatTokenSecret(c);
  const body = parseBody(ChatTokenRequestSchema, await readJsonBody(c.req.raw, TOKEN_BODY_MAX_BYTES));
  const result = await issueClaim(openDatabase(c.env.DB), tenant.id, body.tracking_id, body.key, Date.now());
  c.header('Cache-Control', 'no-store');
  if (!result.ok) {
    throw new AppError('forbidden', "this visitor's chat is held by another browser", { details: { reason: 'held' } });
  }
  const token = await signChatToken(secret, result.claim);
  return c.json({ token, expires_at: result.claim.expiresAt, since: result.claim.since });
});
