/**
 * Alert messages on the `notify` queue (core/messages.ts AlertMessageSchema): the stored alert rendered for the
 * tenant's notify target and posted to its webhook. A target that already received the alert is skipped (a
 * redelivered message posts nothing twice); timeouts, 429 and 5xx are retried with backoff; other answers and a
 * missing secret become dead letters (the queue's DLQ keeps a message whose retries ran out).
 */
import { openDatabase } from '../../../core/db';
import { logger } from '../../../core/log';
import type { AlertMessage } from '../../../core/messages';
import { loadTenants } from '../../../core/tenants';
import { readSecret } from '../../../core/tenants/secrets';
import { markNotified, readAlert } from '../../../core/alerts/store';
import { backoffSeconds } from '../../backoff';
import { recordDeadLetters } from '../../dead-letters';
import { alertPayload } from './alert-mapping';
import { postNotification } from './client';

export interface AlertQueueItem {
  message: Message<unknown>;
  body: AlertMessage;
}

const RETRYABLE = (status: number) => status === 429 || status >= 500;

export async function consumeAlerts(queue: string, items: readonly AlertQueueItem[], env: Env): Promise<void> {
  const db = openDatabase(env.DB);
  const tenants = loadTenants(env.TENANTS).byId;
  const log = logger({ queue });
  for (const { message, body } of items) {
    const dead = async (error: string) => {
      await recordDeadLetters(db, queue, [{ id: message.id, body: message.body, attempts: message.attempts, error }], Date.now());
      message.ack();
    };
    const tenant = tenants.get(body.tenant_id);
    const config = tenant?.notify[body.target];
    const alert = await readAlert(db, body.tenant_id, body.alert_id);
    if (!tenant || !config || !alert) {
      await dead(`alert ${body.alert_id} or notify target ${body.target} of tenant ${body.tenant_id} not found`);
      continue;
    }
    if (alert.notified_targets.includes(body.target)) {
      message.ack();
      continue;
    }
    const url = readSecret(env, config.url);
    if (!url) {
      await dead(`secret ${config.url} is not set (wrangler secret put ${config.url})`);
      continue;
    }
    try {
      const response = await postNotification(url, alertPayload(config.kind, alert, tenant.console?.currency ?? 'USD'));
      if (response.status >= 200 && response.status < 300) {
        await markNotified(db, body.tenant_id, body.alert_id, body.target, Date.now());
        message.ack();
      } else if (RETRYABLE(response.status)) {
        message.retry({ delaySeconds: response.retryAfter ?? backoffSeconds(message.attempts) });
      } else {
        await dead(`${config.kind} webhook answered ${response.status}: ${response.body.slice(0, 200)}`);
      }
    } catch (error) {
      log.warn(`alert notification failed: ${String(error)}`, { tenant: body.tenant_id, alert: body.alert_id });
      message.retry({ delaySeconds: backoffSeconds(message.attempts) });
    }
  }
}
