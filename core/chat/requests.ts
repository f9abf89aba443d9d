/**
 * The request bodies of the widget's chat routes (edge/routes/chat/), declared once: the routes validate with them
 * and the OpenAPI document is generated from them.
 */
import * as v from 'valibot';
import { CLIENT_ID_PATTERN } from '../ids';
import { CHAT_TEXT_MAX } from './store';

const Id = v.pipe(v.string(), v.regex(CLIENT_ID_PATTERN, 'must be 8-64 characters of A-Z a-z 0-9 _ -'));
const Token = v.pipe(v.string(), v.minLength(1), v.maxLength(1024));

export const ChatTokenRequestSchema = v.strictObject({
  /** The tracker's tracking id (window.leadtrail.context().tracking_id, the `_lt_id` cookie's value). */
  tracking_id: Id,
  /**
   * The widget's own random secret for this visitor's chat (kept with its token): the claim is bound to it, so the
   * same browser asking again — a renewal, or a retry after a lost answer — gets the claim back, and no one else does.
   */
  key: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{22,64}$/, 'must be 22-64 characters of A-Z a-z 0-9 _ -')),
});

export const ChatMessageRequestSchema = v.strictObject({
  token: Token,
  /** Chosen by the widget per message: a retry or an offline-queued resend carries the same one. */
  client_id: Id,
  text: v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1, 'must not be empty'),
    v.maxLength(CHAT_TEXT_MAX, `must be at most ${CHAT_TEXT_MAX} characters`),
  ),
});
