/**
 * The only network I/O of the webhook destination: one signed POST (design §5: Idempotency-Key,
 * X-LeadTrail-Timestamp, X-LeadTrail-Signature = sha256=HMAC(secret, "{timestamp}.{body}")), bounded by
 * AbortSignal.timeout. Non-2xx answers throw HttpFailure with Retry-After.
 */
import { signWebhook } from '../../../core/crypto/hmac';
import { HttpFailure, parseRetryAfter } from '../outcome';
import type { AnswerListener } from '../provider-answers';

export interface WebhookPost {
  url: string;
  secret: string;
  body: string;
  idempotencyKey: string;
  timeoutMs: number;
  now: number;
  /** Told every answer read (the ledger's provider answer, ../provider-answers.ts). */
  onAnswer?: AnswerListener;
}

export async function postWebhook(post: WebhookPost): Promise<number> {
  const signature = await signWebhook(post.secret, post.body, post.now);
  const response = await fetch(post.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'LeadTrail-Webhooks/1',
      'Idempotency-Key': post.idempotencyKey,
      ...signature,
    },
    body: post.body,
    signal: AbortSignal.timeout(post.timeoutMs),
  });
  const text = await response.text();
  post.onAnswer?.({ operation: `webhook POST ${new URL(post.url).host}`, status: response.status, body: text });
  if (!response.ok)
    throw new HttpFailure(
      response.status,
      text,
      parseRetryAfter(response.headers.get('retry-after'), Date.now()),
      `webhook POST ${new URL(post.url).host}`,
    );
  return response.status;
}
