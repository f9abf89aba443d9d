/**
 * The chat routes' shared checks: the tenant has a chat at all (a Chatwoot account), the deployment's token secret
 * is set, a body matches its schema, and a token is genuine, unexpired and this tenant's.
 */
import type { Context } from 'hono';
import * as v from 'valibot';
import { type ChatClaim, verifyChatToken } from '../../../core/chat/token';
import { AppError, clip } from '../../../core/errors';
import type { AppEnv } from '../../context';

export function chatTokenSecret(c: Context<AppEnv>): string {
  const secret = c.env.CHAT_TOKEN_SECRET;
  if (!secret) throw new AppError('tenant_config_invalid', 'secret CHAT_TOKEN_SECRET is not set (wrangler secret put CHAT_TOKEN_SECRET)');
  return secret;
}

/** The widget's chat exists where the tenant has Chatwoot to talk to; elsewhere its routes do not. */
export function requireChat(c: Context<AppEnv>): void {
  if (!c.get('tenant').chatwoot) throw new AppError('not_found', 'this tenant has no chat (no chatwoot configured)');
}

export function parseBody<S extends v.GenericSchema>(schema: S, body: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, body);
  if (result.success) return result.output;
  const issues = result.issues.slice(0, 20).map((issue) => ({
    path: issue.path?.map((item) => String(item.key)).join('.') ?? '',
    message: clip(issue.message),
  }));
  throw new AppError('validation_failed', `invalid request: ${issues[0]?.path || 'body'} ${issues[0]?.message ?? ''}`.trim(), {
    details: { issues },
  });
}

const REASONS = {
  malformed: 'the chat token is malformed',
  bad_signature: 'the chat token is not genuine',
  expired: 'the chat token has expired; ask POST /v1/chat/token for a new one',
  other_tenant: 'the chat token belongs to another tenant',
} as const;

export async function verifiedClaim(c: Context<AppEnv>, token: string | undefined): Promise<ChatClaim> {
  if (!token) throw new AppError('unauthorized', 'a chat token is required', { details: { reason: 'missing' } });
  const verdict = await verifyChatToken(chatTokenSecret(c), token, c.get('tenant').id, Date.now());
  if (!verdict.ok) throw new AppError('unauthorized', REASONS[verdict.reason], { details: { reason: verdict.reason } });
  return verdict.claim;
}
