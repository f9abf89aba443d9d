import { Hono } from 'hono';
import { storeInboundDelivery, leadOfConversation } from '../../../core/chatwoot/conversation-store';
import { webhookEventMeaning } from '../../../core/chatwoot/webhook-event';
import { openDatabase } from '../../../core/db';
import { AppError, clip } from '../../../core/errors';
import { logger } from '../../../core/log';
import type { AppEnv } from '../../context';
import { pushStoredReply } from '../../realtime/push';
import { signedWebhook } from '../../middleware/signature';

/** Chatwoot's payloads are a few KB; 256 KB leaves room for long conversations embedded in them. */
export const CHATWOOT_WEBHOOK_MAX_BYTES = 256 * 1024;

const DELIVERY_ID = /^[\x21-\x7e]{1,128}$/;

export const chatwootWebhookRoute = new Hono<AppEnv>();

/**
 * `POST /v1/webhooks/chatwoot`: signed by the account's webhook secret (the tenant's `chatwoot.webhook_secret`),
 * deduplicated by `X-Chatwoot-Delivery`. Agent replies and conversation status changes are stored against the
 * lead whose conversation it is; everything else (and a conversation that is not one of ours) is acknowledged
 * with 200 and not stored, so Chatwoot does not retry it. A stored agent reply is pushed to the visitor's live widget
 * (edge/realtime/push.ts) after the answer.
 */
chatwootWebhookRoute.post(
  '/',
  signedWebhook({
    sender: 'Chatwoot',
    field: 'chatwoot.webhook_secret',
    secretName: (tenant) => tenant.chatwoot?.webhook_secret,
    signatureHeader: 'X-Chatwoot-Signature',
    timestampHeader: 'X-Chatwoot-Timestamp',
    maxBodyBytes: CHATWOOT_WEBHOOK_MAX_BYTES,
  }),
  async function receiveChatwootWebhook(c) {
    const tenant = c.get('tenant');
    const signed = c.get('signedBody');
    const chatwoot = tenant.chatwoot;
    if (!signed || !chatwoot) throw new Error('chatwoot webhook reached without a verified body');
    const deliveryId = c.req.header('X-Chatwoot-Delivery') ?? '';
    if (!DELIVERY_ID.test(deliveryId)) {
      throw new AppError('bad_request', 'X-Chatwoot-Delivery is required (1-128 printable characters)');
    }
    let payload: unknown;
    try {
      payload = JSON.parse(new TextDecoder().decode(signed.bytes)) as unknown;
    } catch (error) {
      throw new AppError('invalid_json', `body is not valid JSON: ${clip((error as Error).message)}`);
    }
    const meaning = webhookEventMeaning(payload, signed.timestampMs);
    const log = logger({ request_id: c.get('requestId'), tenant: tenant.id, delivery_id: deliveryId, event: meaning.event });
    if (meaning.action === 'invalid') {
      throw new AppError('validation_failed', `Chatwoot ${meaning.event || 'webhook'} payload is not understood`, {
        details: { issues: meaning.issues },
      });
    }
    if (meaning.action === 'ignore') {
      log.debug('chatwoot webhook not stored', { reason: meaning.reason });
      return c.json({ stored: false, ignored: meaning.reason });
    }
    if (meaning.accountId !== null && meaning.accountId !== chatwoot.account_id) {
      log.warn('chatwoot webhook from another account', { account_id: meaning.accountId });
      return c.json({ stored: false, ignored: 'other_account' });
    }
    const db = openDatabase(c.env.DB);
    const leadId = await leadOfConversation(db, tenant.id, chatwoot.account_id, meaning.conversationId);
    if (leadId === null) {
      log.info('chatwoot webhook for a conversation without a lead', { conversation_id: meaning.conversationId });
      return c.json({ stored: false, ignored: 'unknown_conversation' });
    }
    const outcome = await storeInboundDelivery(db, {
      tenantId: tenant.id,
      leadId,
      accountId: chatwoot.account_id,
      conversationId: meaning.conversationId,
      deliveryId,
      event: meaning.event,
      signature: signed.signature.toLowerCase(),
      receivedAt: Date.now(),
      row: meaning.row,
    });
    if (outcome === 'duplicate') {
      log.info('chatwoot webhook delivered again', { conversation_id: meaning.conversationId });
      return c.json({ stored: false, duplicate: true });
    }
    // The visitor's open widget gets the reply now (within the 2 s the widget promises), not at its next read.
    if (meaning.row.kind === 'message') c.executionCtx.waitUntil(pushStoredReply(c.env, db, tenant.id, deliveryId));
    return c.json({ stored: true });
  },
);
