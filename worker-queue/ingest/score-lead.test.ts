import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../core/db';
import type { ScoreItem } from '../../core/scoring/types';
import { loadTenants, parseTenants } from '../../core/tenants';
import { countingD1 } from '../../test/counting-d1';
import { rows } from '../../test/db';
import { event } from '../../test/fixtures';
import { answered, ingest, leadIdOf, tracked, visitorId } from '../../test/seed-leads';
import { TEST_TENANTS } from '../../test/tenants';
import { type LeadKey, scoreLeads } from './score-lead';

const tenants = () => loadTenants(env.TENANTS);
const db = () => openDatabase(env.DB);

interface StoredLead {
  score: number;
  stage: string;
  score_breakdown: string;
  answers: string;
  version: number;
}
interface ChangeRow {
  from_stage: string;
  to_stage: string;
  score: number;
  at: number;
}

async function stored(tenantId: string, leadId: string): Promise<StoredLead | undefined> {
  const [row] = await rows<StoredLead>(
    'SELECT score, stage, score_breakdown, answers, version FROM leads WHERE tenant_id = ? AND id = ?',
    tenantId,
    leadId,
  );
  return row;
}
async function changes(tenantId: string, leadId: string): Promise<ChangeRow[]> {
  return rows<ChangeRow>(
    "SELECT from_stage, to_stage, score, at FROM lead_changes WHERE tenant_id = ? AND lead_id = ? AND type = 'lead.stage_changed' ORDER BY at, rowid",
    tenantId,
    leadId,
  );
}
async function seededLead(tenantId: string, trackingId: string): Promise<LeadKey> {
  const leadId = await leadIdOf(tenantId, trackingId);
  if (!leadId) throw new Error(`no lead for ${trackingId}`);
  return { tenant_id: tenantId, lead_id: leadId };
}

describe('scoreLeads', () => {
  it('derives the score from the stored events and records each stage crossing once (30, then 60)', async () => {
    const trk = visitorId();
    await ingest('acme', [
      event({ tracking_id: trk }),
      tracked(trk, 'widget_opened'),
      tracked(trk, 'widget_replied'),
      answered(trk, 'need', 'a CRM integration', 5000),
    ]);
    const lead = await seededLead('acme', trk);

    const [first] = await scoreLeads(db(), tenants(), [lead], 1000);
    expect(first).toMatchObject({ ...lead, score: 25, stage: 'Unqualified', version: 1 });
    expect(first?.stage_change).toBeUndefined();
    expect(await changes('acme', lead.lead_id)).toEqual([]);

    await ingest('acme', [tracked(trk, 'questionnaire_completed')]);
    const [second] = await scoreLeads(db(), tenants(), [lead], 2000);
    expect(second).toMatchObject({
      score: 35,
      stage: 'MQL',
      version: 2,
      stage_change: { from: 'Unqualified', to: 'MQL', score: 35, at: 2000 },
    });

    await ingest('acme', [tracked(trk, 'demo_requested'), tracked(trk, 'cta_clicked')]);
    const [third] = await scoreLeads(db(), tenants(), [lead], 3000);
    expect(third).toMatchObject({ score: 65, stage: 'SQL', version: 3, stage_change: { from: 'MQL', to: 'SQL', score: 65, at: 3000 } });

    expect(await changes('acme', lead.lead_id)).toEqual([
      { from_stage: 'Unqualified', to_stage: 'MQL', score: 35, at: 2000 },
      { from_stage: 'MQL', to_stage: 'SQL', score: 65, at: 3000 },
    ]);
    const row = await stored('acme', lead.lead_id);
    expect(row).toMatchObject({ score: 65, stage: 'SQL', version: 3 });
    const breakdown = JSON.parse(row?.score_breakdown ?? '[]') as ScoreItem[];
    expect(breakdown.map((item) => item.rule).sort()).toEqual(
      [
        'session_opened',
        'replied_to_greeting',
        'question_answered',
        'quick_reply',
        'detailed_answer',
        'questionnaire_completed',
        'demo_requested',
        'cta_clicked',
      ].sort(),
    );
    expect(breakdown.reduce((sum, item) => sum + item.points, 0)).toBe(65);
    expect(JSON.parse(row?.answers ?? '[]')).toMatchObject([{ question_id: 'need', value: 'a CRM integration', points: 0 }]);
  });

  it('dates a stage change at the latest scoring event, not when the consumer ran (backlogs and backfills)', async () => {
    const trk = visitorId();
    const day = 86_400_000;
    const visitedAt = Date.now() - 20 * day;
    const ts = (offset: number) => ({ ts: visitedAt + offset });
    await ingest('acme', [
      event({ tracking_id: trk, ...ts(0) }),
      tracked(trk, 'widget_opened', ts(1000)),
      tracked(trk, 'widget_replied', ts(2000)),
      { ...answered(trk, 'need', 'a CRM integration', 5000), ...ts(3000) },
      tracked(trk, 'questionnaire_completed', ts(60_000)),
      tracked(trk, 'demo_requested', ts(120_000)),
      tracked(trk, 'cta_clicked', ts(180_000)),
    ]);
    const lead = await seededLead('acme', trk);
    const [scored] = await scoreLeads(db(), tenants(), [lead], Date.now());
    expect(scored?.stage).toBe('SQL');
    expect(await changes('acme', lead.lead_id)).toEqual([
      { from_stage: 'Unqualified', to_stage: 'SQL', score: expect.any(Number), at: visitedAt + 180_000 },
    ]);
  });

  it('a second run over the same events changes no score, stage or lead_changes row (only the version moves)', async () => {
    const trk = visitorId();
    await ingest('acme', [tracked(trk, 'demo_requested'), tracked(trk, 'cta_clicked')]);
    const lead = await seededLead('acme', trk);
    const [first] = await scoreLeads(db(), tenants(), [lead], 1000);
    expect(first?.stage_change).toMatchObject({ from: 'Unqualified', to: 'MQL' });
    const before = await stored('acme', lead.lead_id);

    // A redelivered batch: ingest stores nothing new, scoring runs again.
    await ingest('acme', [tracked(trk, 'demo_requested', { event_id: JSON.parse(before?.score_breakdown ?? '[]')[0].event_id })]);
    const [again] = await scoreLeads(db(), tenants(), [lead, lead], 2000);
    expect(again?.stage_change).toBeUndefined();
    expect(again).toMatchObject({ score: 30, stage: 'MQL', version: (first?.version ?? 0) + 1 });
    const after = await stored('acme', lead.lead_id);
    expect(after).toEqual({ ...before, version: (before?.version ?? 0) + 1 });
    expect(await changes('acme', lead.lead_id)).toHaveLength(1);
  });

  it('two concurrent runs that both see the crossing record it once', async () => {
    const trk = visitorId();
    await ingest('acme', [tracked(trk, 'demo_requested'), tracked(trk, 'cta_clicked')]);
    const lead = await seededLead('acme', trk);
    const [a, b] = await Promise.all([scoreLeads(db(), tenants(), [lead], 1000), scoreLeads(db(), tenants(), [lead], 1000)]);
    expect([a[0]?.stage_change, b[0]?.stage_change].filter(Boolean)).toHaveLength(1);
    expect(await changes('acme', lead.lead_id)).toHaveLength(1);
  });

  it('a lowered override moves a lead back from SQL to MQL, recorded as a stage change', async () => {
    const trk = visitorId();
    await ingest(
      'acme',
      ['demo_requested', 'cta_clicked', 'questionnaire_completed', 'contact_shared', 'widget_opened', 'product_interest'].map((name) =>
        tracked(trk, name),
      ),
    );
    const lead = await seededLead('acme', trk);
    expect((await scoreLeads(db(), tenants(), [lead], 1000))[0]).toMatchObject({ score: 60, stage: 'SQL' });
    const lowered = parseTenants({ ...TEST_TENANTS, acme: { ...TEST_TENANTS.acme, scoring: { rules: { demo_requested: 5 } } } });
    const [scored] = await scoreLeads(db(), lowered, [lead], 2000);
    expect(scored).toMatchObject({ score: 50, stage: 'MQL', stage_change: { from: 'SQL', to: 'MQL', score: 50, at: 2000 } });
    expect(await changes('acme', lead.lead_id)).toEqual([
      { from_stage: 'Unqualified', to_stage: 'SQL', score: 60, at: 1000 },
      { from_stage: 'SQL', to_stage: 'MQL', score: 50, at: 2000 },
    ]);
  });

  it('a bot’s events score nothing (flagged on the event or on its request)', async () => {
    const trk = visitorId();
    await ingest('acme', [
      event({ tracking_id: trk }),
      tracked(trk, 'demo_requested', { bot: true }),
      tracked(trk, 'cta_clicked', { bot: true }),
    ]);
    await ingest('acme', [tracked(trk, 'widget_opened', { bot: false })], { bot: true });
    const lead = await seededLead('acme', trk);
    const [scored] = await scoreLeads(db(), tenants(), [lead], 1000);
    expect(scored).toMatchObject({ score: 0, stage: 'Unqualified' });
    expect(await stored('acme', lead.lead_id)).toMatchObject({ score: 0, score_breakdown: '[]' });
  });

  it('answer points come from the tenant config', async () => {
    const trk = visitorId();
    await ingest('acme-dest', [answered(trk, 'size', 'enterprise'), tracked(trk, 'questionnaire_completed')]);
    const lead = await seededLead('acme-dest', trk);
    const [scored] = await scoreLeads(db(), tenants(), [lead], 1000);
    expect(scored).toMatchObject({ score: 40, stage: 'MQL' });
    expect(scored?.snapshot.answers).toMatchObject([{ question_id: 'size', value: 'enterprise', points: 25 }]);
  });

  it("the widget's option points score its answers, never a number from the client", async () => {
    const trk = visitorId();
    await ingest('initech', [answered(trk, 'size', 'mid'), answered(trk, 'email', 'ana@initech.test')]);
    const [scored] = await scoreLeads(db(), tenants(), [await seededLead('initech', trk)], 1000);
    const answers = Object.fromEntries((scored?.snapshot.answers ?? []).map((a) => [a.question_id, [a.value, a.points]]));
    // test/tenants.ts: initech's questionnaire gives "mid" 10 points; an email answer carries none.
    expect(answers).toEqual({ size: ['mid', 10], email: ['ana@initech.test', 0] });
  });

  it('reads page views only for tenants whose extra rules score them; the country is the latest human request’s', async () => {
    const trk = visitorId();
    await ingest('acme-dest', [event({ tracking_id: trk, url: 'https://www.acme.test/pricing' })]);
    const [dest] = await scoreLeads(db(), tenants(), [await seededLead('acme-dest', trk)], 1000);
    expect(dest?.snapshot.score_breakdown.map((item) => [item.rule, item.points])).toEqual([['pricing_page', 10]]);

    const viewer = visitorId();
    await ingest('acme', [event({ tracking_id: viewer, ts: Date.now() - 5000 })], { country: 'DE' });
    await ingest('acme', [event({ tracking_id: viewer, ts: Date.now() - 3000 })], { country: 'FR' });
    await ingest('acme', [event({ tracking_id: viewer, ts: Date.now() - 1000, bot: true })], { country: 'US', bot: true });
    const [plain] = await scoreLeads(db(), tenants(), [await seededLead('acme', viewer)], 1000);
    expect(plain).toMatchObject({ score: 0, snapshot: { country: 'FR', tracking_ids: [viewer] } });
  });

  it('scores a merged lead from the events of all its aliases, and follows an absorbed id to the survivor', async () => {
    const email = `ada-${visitorId()}@acme.test`;
    const laptop = visitorId();
    const phone = visitorId();
    await ingest('acme', [tracked(laptop, 'demo_requested'), event({ tracking_id: laptop, type: 'identify', traits: { email } })]);
    await ingest('acme', [event({ tracking_id: phone })]);
    const absorbed = await seededLead('acme', phone);
    await ingest('acme', [tracked(phone, 'cta_clicked'), event({ tracking_id: phone, type: 'identify', traits: { email } })]);
    const survivor = await seededLead('acme', laptop);
    expect(absorbed.lead_id).not.toBe(survivor.lead_id);

    const scored = await scoreLeads(db(), tenants(), [absorbed, survivor], 1000);
    expect(scored).toHaveLength(1);
    expect(scored[0]).toMatchObject({ lead_id: survivor.lead_id, score: 40, stage: 'MQL' });
    expect(scored[0]?.snapshot.tracking_ids.sort()).toEqual([laptop, phone].sort());
    expect(scored[0]?.snapshot.country).toBe('DE');
  });

  it('costs the same few D1 statements for 1 lead and for 100 (one JSON parameter per statement)', async () => {
    const seed = async (count: number): Promise<LeadKey[]> => {
      const ids = Array.from({ length: count }, () => visitorId());
      // Few new visitors per message: today's ingest inserts new leads in chunks too wide for D1's 100 parameters.
      for (let i = 0; i < ids.length; i += 4) {
        await ingest(
          'acme',
          ids
            .slice(i, i + 4)
            .flatMap((trk) => [tracked(trk, 'demo_requested'), tracked(trk, 'cta_clicked'), answered(trk, 'size', 'mid', 1000)]),
        );
      }
      return Promise.all(ids.map((trk) => seededLead('acme', trk)));
    };
    const measure = async (leads: LeadKey[]) => {
      const counting = countingD1(env.DB);
      const scored = await scoreLeads(openDatabase(counting.db), tenants(), leads, 1000);
      expect(scored).toHaveLength(leads.length);
      expect(scored.every((lead) => lead.stage_change?.to === 'MQL')).toBe(true);
      return { statements: counting.statements(), roundTrips: counting.roundTrips() };
    };
    const one = await measure(await seed(1));
    const hundred = await measure(await seed(100));
    expect(hundred).toEqual(one);
    // Two reads (leads; aliases with their events), one write batch (stage changes; lead update).
    expect(hundred).toEqual({ statements: 4, roundTrips: 3 });
  }, 60_000);

  it('an empty list costs nothing', async () => {
    const counting = countingD1(env.DB);
    expect(await scoreLeads(openDatabase(counting.db), tenants(), [], 1000)).toEqual([]);
    expect(counting.roundTrips()).toBeLessThanOrEqual(1);
  });
});
