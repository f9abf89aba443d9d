/**
 * The alerts cron (wrangler.toml [triggers] crons; worker.ts `scheduled`): for every tenant with a console, compare
 * each campaign's trailing window with the one before (core/alerts), store what degraded (deduplicated), and send
 * one `notify` queue message per new alert and notify target. A tenant that fails is logged and the others still run.
 */
import { checkTenant } from '../../core/alerts/run';
import { openDatabase } from '../../core/db';
import { logger } from '../../core/log';
import type { AlertMessage } from '../../core/messages';
import { loadTenants } from '../../core/tenants';

export async function runAlerts(
  env: Pick<Env, 'DB' | 'TENANTS' | 'NOTIFY_QUEUE'>,
  now: number,
): Promise<{ alerts: number; messages: number }> {
  const db = openDatabase(env.DB);
  const log = logger({ job: 'alerts' });
  let alerts = 0;
  const messages: AlertMessage[] = [];
  for (const tenant of loadTenants(env.TENANTS).byId.values()) {
    if (!tenant.console) continue;
    try {
      const created = await checkTenant(db, tenant.id, tenant.console.alerts, now);
      alerts += created.length;
      for (const alert of created)
        tenant.notify.forEach((_, target) => messages.push({ v: 1, kind: 'alert', tenant_id: tenant.id, alert_id: alert.id, target }));
    } catch (error) {
      log.error(`alerts check failed: ${String(error)}`, { tenant: tenant.id });
    }
  }
  for (let i = 0; i < messages.length; i += 100) {
    await env.NOTIFY_QUEUE.sendBatch(messages.slice(i, i + 100).map((body) => ({ body })));
  }
  log.info('alerts checked', { alerts, messages: messages.length });
  return { alerts, messages: messages.length };
}

export async function handleScheduled(controller: ScheduledController, env: Env): Promise<void> {
  await runAlerts(env, controller.scheduledTime);
}
