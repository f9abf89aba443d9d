import { env } from 'cloudflare:test';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../core/db';
import { type DeliveryMessage, DeliveryMessageSchema } from '../../core/messages';
import { loadTenants, parseTenants } from '../../core/tenants';
import { event, recordingQueue } from '../../test/fixtures';
import { ingest, leadIdOf, tracked, visitorId } from '../../test/seed-leads';
import { TEST_TENANTS } from '../../test/tenants';
import { type DeliveryQueues, fanOut } from './fan-out';
import { type LeadKey, scoreLeads } from './score-lead';

const tenants = () => loadTenants(env.TENANTS);

/** Recording queues that also remember each sendBatch's size; `failFirst` queues throw on their first sendBatch. */
function queues(options: { failFirst?: readonly string[] } = {}) {
  const batches: { queue: string; size: number }[] = [];
  const make = (queue: string) => {
    const inner = recordingQueue();
    const record = inner.sendBatch.bind(inner);
    let failing = options.failFirst?.includes(queue) ?? false;
    const sendBatch: Queue['sendBatch'] = async (messages, sendOptions) => {
      if (failing) {
        failing = false;
        throw new Error('Queue sendBatch failed: simulated outage');
      }
      const list = [...messages];
      batches.push({ queue, size: list.length });
      return record(list, sendOptions);
    };
    return Object.assign(inner, { sendBatch });
  };
  const bindings = { CHATWOOT_QUEUE: make('chatwoot'), CRM_QUEUE: make('crm'), NOTIFY_QUEUE: make('notify') };
  const sent = (binding: keyof typeof bindings) => bindings[binding].sent.map((body) => v.parse(DeliveryMessageSchema, body));
  return { env: bindings satisfies DeliveryQueues, batches, sent };
}

async function seeded(tenantId: string, events: (trk: string) => Parameters<typeof ingest>[1]): Promise<LeadKey> {
  const trk = visitorId();
  await ingest(tenantId, events(trk));
  const leadId = await leadIdOf(tenantId, trk);
  if (!leadId) throw new Error('lead not created');
  return { tenant_id: tenantId, lead_id: leadId };
}

async function scoreAndFanOut(leads: LeadKey[], now = Date.now()) {
  const q = queues();
  const scored = await scoreLeads(openDatabase(env.DB), tenants(), leads, now);
  const returned = await fanOut(openDatabase(env.DB), q.env, tenants(), scored, now);
  return { ...q, scored, returned };
}

const toMql = (trk: string) => [tracked(trk, 'demo_requested'), tracked(trk, 'cta_clicked')];

describe('fanOut', () => {
  it('a tenant without destinations enqueues nothing', async () => {
    const lead = await seeded('acme', toMql);
    const { sent, batches, scored } = await scoreAndFanOut([lead]);
    expect(scored[0]?.stage_change?.to).toBe('MQL');
    expect([...sent('CHATWOOT_QUEUE'), ...sent('CRM_QUEUE'), ...sent('NOTIFY_QUEUE')]).toEqual([]);
    expect(batches).toEqual([]);
  });

  it('chatwoot + a notify entry: one chatwoot and one notify message on MQL; a second run only lead.upserted to chatwoot', async () => {
    const lead = await seeded('acme-dest', toMql);
    const first = await scoreAndFanOut([lead], 5000);
    const change = { from: 'Unqualified', to: 'MQL', score: 30, at: 5000 } as const;
    const expected: DeliveryMessage = {
      v: 1,
      tenant_id: 'acme-dest',
      destination: 'chatwoot',
      target: 0,
      lead_id: lead.lead_id,
      lead_version: 1,
      type: 'lead.stage_changed',
      stage_change: change,
    };
    expect(first.sent('CHATWOOT_QUEUE')).toEqual([expected]);
    expect(first.sent('NOTIFY_QUEUE')).toEqual([{ ...expected, destination: 'notify' }]);
    expect(first.sent('CRM_QUEUE')).toEqual([]);
    expect(first.returned).toHaveLength(2);

    const second = await scoreAndFanOut([lead], 6000);
    expect(second.sent('CHATWOOT_QUEUE')).toEqual(
      [{ ...expected, type: 'lead.upserted', stage_change: undefined, lead_version: 2 }].map(withoutUndefined),
    );
    expect(second.sent('NOTIFY_QUEUE')).toEqual([]);
  });

  it('outbox: a sendBatch that fails after the stage change was stored loses nothing; the retry sends it once, a third run not again', async () => {
    const lead = await seeded('acme-dest', toMql);
    const db = openDatabase(env.DB);
    // The chatwoot queue's first sendBatch throws: the run fails after scoreLeads committed Unqualified → MQL.
    const q = queues({ failFirst: ['chatwoot'] });
    const firstScore = await scoreLeads(db, tenants(), [lead], 5000);
    expect(firstScore[0]?.stage_change?.to).toBe('MQL');
    await expect(fanOut(db, q.env, tenants(), firstScore, 5000)).rejects.toThrow('simulated outage');
    expect(q.sent('CHATWOOT_QUEUE')).toEqual([]);

    // The retried batch re-scores: the stage is already stored, so scoring reports no change, but the outbox does.
    const retryScore = await scoreLeads(db, tenants(), [lead], 6000);
    expect(retryScore[0]?.stage_change).toBeUndefined();
    await fanOut(db, q.env, tenants(), retryScore, 6000);
    const change = { from: 'Unqualified', to: 'MQL', score: 30, at: 5000 };
    expect(q.sent('CHATWOOT_QUEUE')).toMatchObject([{ type: 'lead.stage_changed', lead_version: 2, stage_change: change }]);
    expect(q.sent('NOTIFY_QUEUE')).toMatchObject([{ type: 'lead.stage_changed', target: 0, stage_change: change }]);

    const third = await scoreAndFanOut([lead], 7000);
    expect(third.sent('CHATWOOT_QUEUE').map((m) => [m.type, m.stage_change])).toEqual([['lead.upserted', undefined]]);
    expect(third.sent('NOTIFY_QUEUE')).toEqual([]);
    expect(
      await env.DB.prepare('SELECT fanned_out_at FROM lead_changes WHERE tenant_id = ? AND lead_id = ?')
        .bind(lead.tenant_id, lead.lead_id)
        .all(),
    ).toMatchObject({ results: [{ fanned_out_at: 6000 }] });
  });

  it('no notification for a lead that stays Unqualified, or falls back to it', async () => {
    const lead = await seeded('acme-dest', (trk) => [tracked(trk, 'widget_opened')]);
    const { sent } = await scoreAndFanOut([lead]);
    expect(sent('CHATWOOT_QUEUE').map((m) => m.type)).toEqual(['lead.upserted']);
    expect(sent('NOTIFY_QUEUE')).toEqual([]);

    const mql = await seeded('acme-dest', toMql);
    expect((await scoreAndFanOut([mql])).sent('NOTIFY_QUEUE')).toHaveLength(1);
    // The operator lowers a rule: the lead falls back to Unqualified, Chatwoot hears of it, nobody is notified.
    const base = TEST_TENANTS['acme-dest'];
    const lowered = parseTenants({ ...TEST_TENANTS, 'acme-dest': { ...base, scoring: { ...base.scoring, rules: { cta_clicked: 0 } } } });
    const q = queues();
    await fanOut(openDatabase(env.DB), q.env, lowered, await scoreLeads(openDatabase(env.DB), lowered, [mql], Date.now()), Date.now());
    expect(q.sent('CHATWOOT_QUEUE')).toMatchObject([
      { type: 'lead.stage_changed', stage_change: { from: 'MQL', to: 'Unqualified', score: 15 } },
    ]);
    expect(q.sent('NOTIFY_QUEUE')).toEqual([]);
  });

  it('one message per webhook entry and per notify entry whose stages include the new one; routing holds back cold leads', async () => {
    const cold = await seeded('acme-fanout', (trk) => [tracked(trk, 'widget_opened')]);
    const mql = await seeded('acme-fanout', toMql);
    const sql = await seeded('acme-fanout', (trk) => [
      ...toMql(trk),
      tracked(trk, 'questionnaire_completed'),
      tracked(trk, 'contact_shared'),
      tracked(trk, 'widget_opened'),
      tracked(trk, 'product_interest'),
    ]);
    const { sent } = await scoreAndFanOut([cold, mql, sql]);
    const summary = (messages: DeliveryMessage[]) => messages.map((m) => [m.lead_id, m.destination, m.target, m.type]);
    // The routing rule sends Unqualified leads to the webhooks only: no CRM message for `cold`.
    expect(summary(sent('CRM_QUEUE'))).toEqual([
      [cold.lead_id, 'webhook', 0, 'lead.upserted'],
      [cold.lead_id, 'webhook', 1, 'lead.upserted'],
      [mql.lead_id, 'hubspot', 0, 'lead.stage_changed'],
      [mql.lead_id, 'webhook', 0, 'lead.stage_changed'],
      [mql.lead_id, 'webhook', 1, 'lead.stage_changed'],
      [sql.lead_id, 'hubspot', 0, 'lead.stage_changed'],
      [sql.lead_id, 'webhook', 0, 'lead.stage_changed'],
      [sql.lead_id, 'webhook', 1, 'lead.stage_changed'],
    ]);
    // notify[0] is SQL-only, notify[1] MQL and SQL.
    expect(summary(sent('NOTIFY_QUEUE'))).toEqual([
      [mql.lead_id, 'notify', 1, 'lead.stage_changed'],
      [sql.lead_id, 'notify', 0, 'lead.stage_changed'],
      [sql.lead_id, 'notify', 1, 'lead.stage_changed'],
    ]);
    expect(sent('CHATWOOT_QUEUE')).toEqual([]);
  });

  it('a bot’s events make no lead, so nothing is scored or delivered', async () => {
    const trk = visitorId();
    await ingest('acme-dest', [event({ tracking_id: trk, bot: true }), tracked(trk, 'demo_requested', { bot: true })]);
    expect(await leadIdOf('acme-dest', trk)).toBeUndefined();
    const { scored, batches } = await scoreAndFanOut([]);
    expect(scored).toEqual([]);
    expect(batches).toEqual([]);
  });

  it('sends at most 100 messages per sendBatch', async () => {
    const ids = Array.from({ length: 150 }, () => visitorId());
    // Few new visitors per message: today's ingest inserts new leads in chunks too wide for D1's 100 parameters.
    for (let i = 0; i < ids.length; i += 4)
      await ingest(
        'acme-dest',
        ids.slice(i, i + 4).map((trk) => tracked(trk, 'widget_opened')),
      );
    const leads = await Promise.all(
      ids.map(async (trk) => ({ tenant_id: 'acme-dest', lead_id: (await leadIdOf('acme-dest', trk)) ?? '' })),
    );
    const { batches, sent } = await scoreAndFanOut(leads);
    expect(sent('CHATWOOT_QUEUE')).toHaveLength(150);
    expect(batches).toEqual([
      { queue: 'chatwoot', size: 100 },
      { queue: 'chatwoot', size: 50 },
    ]);
  }, 60_000);
});

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}
