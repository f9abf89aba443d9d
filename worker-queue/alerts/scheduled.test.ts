import { SELF, createScheduledController, env } from 'cloudflare:test';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AlertMessage } from '../../core/messages';
import { consoleToken } from '../../test/admin';
import { rows } from '../../test/db';
import { recordingQueue } from '../../test/fixtures';
import { TEST_SECRETS } from '../../test/tenants';
import { TO_MQL, TO_SQL, at, deliver, identify, pageView, visitor, widget } from '../../test/funnel-dataset';
import { expectDocumentedResponse } from '../../test/openapi-responses';
import worker from '../../worker';
import { notifyConsumer } from '../destinations/notify';

const TENANT = 'alerts';
let n = 0;

async function lead(campaign: string, day: string, reaches: 'MQL' | 'SQL') {
  const ts = at(`${day}T10:00:00Z`);
  const who = visitor(campaign, ts);
  n += 1;
  const names = reaches === 'SQL' ? [...TO_MQL, ...TO_SQL] : [...TO_MQL];
  await deliver(
    TENANT,
    [pageView(who, ts), identify(who, ts + 1000, `alert-${n}@example.com`), ...widget(who, ts + 2000, 'a', names)],
    ts + 60_000,
  );
}

async function bots(day: string, count: number) {
  const ts = at(`${day}T03:00:00Z`);
  const who = visitor(null, ts);
  await deliver(
    TENANT,
    Array.from({ length: count }, (_, i) => pageView(who, ts + i, { bot: true })),
    ts + 60_000,
    true,
  );
}

async function runCron(scheduledTime: number) {
  const queue = recordingQueue();
  await worker.scheduled(createScheduledController({ scheduledTime: new Date(scheduledTime), cron: '15 0 * * *' }), {
    ...env,
    NOTIFY_QUEUE: queue,
  });
  return queue.sent as AlertMessage[];
}

function batchOf(bodies: readonly unknown[]) {
  const messages = bodies.map((body, i) => ({
    id: `alert-msg-${i}-${crypto.randomUUID()}`,
    timestamp: new Date(),
    body,
    attempts: 1,
    ack: vi.fn(),
    retry: vi.fn(),
  }));
  return { queue: 'notify', messages, metadata: {}, ackAll: vi.fn(), retryAll: vi.fn() };
}

afterEach(() => vi.restoreAllMocks());

describe('the alerts cron', () => {
  beforeAll(async () => {
    // Previous window Jun 1-7, trailing window Jun 8-14 (the cron runs Jun 15, 00:15 UTC).
    for (const day of ['2026-06-02', '2026-06-03']) {
      await lead('degrading', day, 'SQL');
      await lead('stable', day, 'SQL');
      await lead('pricey', day, 'SQL');
    }
    for (const day of ['2026-06-09', '2026-06-10']) {
      await lead('degrading', day, 'MQL');
      await lead('stable', day, 'SQL');
      await lead('pricey', day, 'SQL');
    }
    await bots('2026-06-03', 1);
    await bots('2026-06-09', 4);
    const spend = [
      ['2026-06-02', 'degrading', 100],
      ['2026-06-09', 'degrading', 100],
      ['2026-06-02', 'stable', 100],
      ['2026-06-09', 'stable', 110],
      ['2026-06-02', 'pricey', 100],
      ['2026-06-09', 'pricey', 400],
    ].map(([date, campaign, cost]) => `('${TENANT}', '${date}', '${campaign}', 'google', ${Number(cost) * 1_000_000}, 'EUR', 0)`);
    await env.DB.prepare(
      `INSERT INTO ad_spend (tenant_id, date, campaign, source, cost_micros, currency, imported_at) VALUES ${spend.join(', ')}`,
    ).run();
  });

  it('stores one alert per degradation, sends each through the notify queue once, and none for the stable campaign', async () => {
    const sent = await runCron(at('2026-06-15T00:15:00Z'));
    const stored = await rows<{ id: string; kind: string; campaign: string; current: number; previous: number }>(
      'SELECT id, kind, campaign, current, previous FROM alerts WHERE tenant_id = ? ORDER BY kind',
      TENANT,
    );
    expect(stored.map(({ kind, campaign, current, previous }) => ({ kind, campaign, current, previous }))).toEqual([
      { kind: 'bot_spike', campaign: '', current: 4, previous: 1 },
      { kind: 'cost_per_sql_rise', campaign: 'pricey', current: 200, previous: 50 },
      { kind: 'mql_to_sql_drop', campaign: 'degrading', current: 0, previous: 1 },
    ]);
    expect(sent.sort((a, b) => a.alert_id.localeCompare(b.alert_id))).toEqual(
      stored
        .map((alert) => ({ v: 1, kind: 'alert', tenant_id: TENANT, alert_id: alert.id, target: 0 }))
        .sort((a, b) => a.alert_id.localeCompare(b.alert_id)),
    );
    // The same window again (a second run that day): nothing new stored or sent.
    expect(await runCron(at('2026-06-15T06:15:00Z'))).toEqual([]);
    expect((await rows('SELECT id FROM alerts WHERE tenant_id = ?', TENANT)).length).toBe(3);

    // The notify consumer posts each alert to the tenant's Slack webhook once; a redelivery posts nothing.
    const posts: { url: string; body: { text: string } }[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      posts.push({ url: String(input), body: JSON.parse(String(init?.body)) });
      return new Response('ok', { status: 200 });
    });
    const batch = batchOf(sent);
    await notifyConsumer(batch as unknown as MessageBatch<unknown>, env);
    expect(batch.messages.every((message) => message.ack.mock.calls.length === 1)).toBe(true);
    expect(posts.map((post) => post.url)).toEqual(Array(3).fill(TEST_SECRETS.SLACK_WEBHOOK_NOTIFY_A));
    const texts = posts.map((post) => post.body.text).sort();
    expect(texts).toEqual([
      'Bot traffic spiked: 4 bot events (previous window 1)',
      'Cost per SQL of campaign pricey rose to 200.00 EUR',
      'MQL→SQL of campaign degrading fell to 0 % (was 100 %)',
    ]);
    expect(texts.some((text) => text.includes('stable'))).toBe(false);
    await notifyConsumer(batchOf(sent) as unknown as MessageBatch<unknown>, env);
    expect(posts).toHaveLength(3);

    const url = '/v1/admin/alerts';
    const response = await SELF.fetch(`https://t.alerts.test${url}`, {
      headers: { authorization: `Bearer ${await consoleToken('acme', { tenant: TENANT, role: 'viewer' })}` },
    });
    await expectDocumentedResponse(response, 'GET', url);
    const listed = await response.json<{ alerts: { kind: string; notified_at: string | null }[]; next_cursor: string | null }>();
    expect(listed.alerts.map((alert) => alert.kind).sort()).toEqual(['bot_spike', 'cost_per_sql_rise', 'mql_to_sql_drop']);
    expect(listed.alerts.every((alert) => alert.notified_at !== null)).toBe(true);
    expect(listed.next_cursor).toBeNull();
  });

  it('lists no alerts of another tenant', async () => {
    const response = await SELF.fetch('https://t.acme.test/v1/admin/alerts', {
      headers: { authorization: `Bearer ${await consoleToken('acme', { role: 'viewer' })}` },
    });
    expect(await response.json()).toEqual({ alerts: [], next_cursor: null });
  });
});
