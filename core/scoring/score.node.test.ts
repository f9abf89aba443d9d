import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ScoringOverridesSchema } from '../tenants/scoring-overrides';
import { type AnswerPoints, scoringConfig } from './config';
import { type ScoringEvent, scoreEvents } from './score';
import { stageOf } from './stage';

let seq = 0;
function ev(overrides: Partial<ScoringEvent> = {}): ScoringEvent {
  seq += 1;
  return {
    event_id: `evt_${String(seq).padStart(6, '0')}`,
    type: 'track',
    name: null,
    ts: 1_700_000_000_000 + seq * 1000,
    session_id: 'ses_one',
    bot: false,
    url: 'https://www.acme.test/',
    props: {},
    traits: {},
    ...overrides,
  };
}
const track = (name: string, overrides: Partial<ScoringEvent> = {}) => ev({ type: 'track', name, ...overrides });
const answer = (questionId: string, value: string, props: Record<string, number> = {}, overrides: Partial<ScoringEvent> = {}) =>
  track('question_answered', { props: { question_id: questionId, value, ...props }, ...overrides });

function overrides(raw: unknown) {
  return scoringConfig(v.parse(ScoringOverridesSchema, raw));
}
const rulesOf = (events: ScoringEvent[], config = scoringConfig()) =>
  scoreEvents(events, config).breakdown.map((item) => [item.rule, item.points]);

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('default rules (design §4)', () => {
  it.each([
    ['widget_opened', 'session_opened', 5],
    ['widget_replied', 'replied_to_greeting', 5],
    ['questionnaire_completed', 'questionnaire_completed', 10],
    ['contact_shared', 'contact_shared', 10],
    ['product_interest', 'product_interest', 5],
    ['demo_requested', 'demo_requested', 15],
    ['cta_clicked', 'cta_clicked', 15],
  ])('track %s scores %s +%i', (name, rule, points) => {
    const event = track(name);
    expect(scoreEvents([event]).breakdown).toEqual([{ rule, points, event_id: event.event_id }]);
  });

  it('a page view or an unknown track event scores nothing', () => {
    expect(scoreEvents([ev({ type: 'page_view' }), track('newsletter_opened')])).toMatchObject({
      score: 0,
      stage: 'Unqualified',
      breakdown: [],
    });
  });

  it('identify with an email or a phone is contact shared, once per lead with the contact_shared track', () => {
    expect(rulesOf([ev({ type: 'identify', traits: { email: 'ada@acme.test' } })])).toEqual([['contact_shared', 10]]);
    expect(rulesOf([ev({ type: 'identify', traits: { phone: '+4930123456' } })])).toEqual([['contact_shared', 10]]);
    expect(rulesOf([ev({ type: 'identify', traits: { name: 'Ada' } })])).toEqual([]);
    const first = ev({ type: 'identify', traits: { email: 'ada@acme.test' } });
    const events = [first, track('contact_shared'), ev({ type: 'identify', traits: { phone: '+4930123456' } })];
    expect(scoreEvents(events).breakdown).toEqual([{ rule: 'contact_shared', points: 10, event_id: first.event_id }]);
  });

  it('each question answered +5; a quick reply (< 2 min) +5; a detailed answer (> 10 chars) +5', () => {
    expect(rulesOf([answer('size', 'mid')])).toEqual([['question_answered', 5]]);
    expect(rulesOf([answer('size', 'mid', { reply_ms: 119_999 })])).toEqual([
      ['question_answered', 5],
      ['quick_reply', 5],
    ]);
    expect(rulesOf([answer('size', 'mid', { reply_ms: 120_000 })])).toEqual([['question_answered', 5]]);
    expect(rulesOf([answer('need', 'CRM sync!!!')])).toEqual([
      ['question_answered', 5],
      ['detailed_answer', 5],
    ]);
    expect(rulesOf([answer('need', '0123456789')])).toEqual([['question_answered', 5]]);
    expect(rulesOf([answer('size', 'mid'), answer('role', 'cto')])).toEqual([
      ['question_answered', 5],
      ['question_answered', 5],
    ]);
  });

  it('the latest answer to a question wins: one question_answered, its quick reply and detail, its points', () => {
    const early = answer('need', 'a long first answer', { reply_ms: 1000 });
    const late = answer('need', 'short', { reply_ms: 500_000 });
    const result = scoreEvents([late, early]);
    expect(result.breakdown).toEqual([{ rule: 'question_answered', points: 5, event_id: late.event_id }]);
    expect(result.answers).toEqual([{ question_id: 'need', value: 'short', points: 0, at: late.ts, event_id: late.event_id }]);
  });

  it('answers without a question id or value, or with an empty value, are ignored', () => {
    expect(
      rulesOf([track('question_answered', { props: { value: 'x' } }), track('question_answered', { props: { question_id: 'q' } })]),
    ).toEqual([]);
    expect(scoreEvents([answer('need', '   ')]).answers).toEqual([]);
  });

  it('session opened counts once per session; the other track rules once per lead', () => {
    const events = [
      track('widget_opened', { session_id: 'ses_a' }),
      track('widget_opened', { session_id: 'ses_a' }),
      track('widget_opened', { session_id: 'ses_b' }),
      track('cta_clicked', { session_id: 'ses_a' }),
      track('cta_clicked', { session_id: 'ses_b' }),
      track('demo_requested'),
      track('demo_requested'),
    ];
    expect(rulesOf(events)).toEqual([
      ['session_opened', 5],
      ['session_opened', 5],
      ['cta_clicked', 15],
      ['demo_requested', 15],
    ]);
  });

  it('the breakdown sums to the score, and the stage follows the thresholds', () => {
    const events = [track('widget_opened'), track('widget_replied'), answer('need', 'integrations with our CRM', { reply_ms: 2000 })];
    expect(scoreEvents(events)).toMatchObject({ score: 25, stage: 'Unqualified' });
    expect(scoreEvents([...events, track('questionnaire_completed')])).toMatchObject({ score: 35, stage: 'MQL' });
    expect(scoreEvents([...events, track('questionnaire_completed'), track('demo_requested'), track('cta_clicked')])).toMatchObject({
      score: 65,
      stage: 'SQL',
    });
  });
});

describe('derived: the same stored events give the same score', () => {
  const events = [
    track('widget_opened', { session_id: 'ses_a' }),
    track('widget_opened', { session_id: 'ses_b' }),
    track('widget_replied'),
    answer('size', 'mid', { reply_ms: 3000 }),
    answer('size', 'enterprise', { reply_ms: 4000 }),
    answer('need', 'a very detailed need'),
    track('questionnaire_completed'),
    ev({ type: 'identify', traits: { email: 'ada@acme.test' } }),
    track('demo_requested'),
    ev({ type: 'page_view', url: 'https://www.acme.test/pricing' }),
  ];
  const config = overrides({ answer_points: { size: { mid: 10, enterprise: 25 } } });

  it('in any order and with duplicates', () => {
    const expected = scoreEvents(events, config);
    expect(expected.score).toBeGreaterThan(60);
    for (let seed = 1; seed <= 20; seed++) {
      const replayed = shuffled([...events, ...events.slice(0, seed % events.length), ...events], seed);
      expect(scoreEvents(replayed, config)).toEqual(expected);
    }
  });

  it('events at the same millisecond are ordered by event id, so the credited event is stable', () => {
    const a = track('cta_clicked', { ts: 5, event_id: 'evt_b' });
    const b = track('cta_clicked', { ts: 5, event_id: 'evt_a' });
    expect(scoreEvents([a, b]).breakdown[0]?.event_id).toBe('evt_a');
    expect(scoreEvents([b, a]).breakdown[0]?.event_id).toBe('evt_a');
  });
});

describe('bots', () => {
  it('bot events never score, whatever they claim', () => {
    const bot = { bot: true };
    const events = [
      track('demo_requested', bot),
      track('cta_clicked', bot),
      answer('size', 'enterprise', { reply_ms: 10 }, bot),
      ev({ type: 'identify', traits: { email: 'bot@spam.test' }, ...bot }),
    ];
    expect(scoreEvents(events, overrides({ answer_points: { size: { enterprise: 25 } } }))).toEqual({
      score: 0,
      stage: 'Unqualified',
      breakdown: [],
      answers: [],
    });
  });
});

describe('answer points', () => {
  it('come from the tenant config, never from the client', () => {
    const config = overrides({ answer_points: { size: { mid: 10, enterprise: 25 } } });
    const cheat = answer('size', 'small', { points: 500 });
    const result = scoreEvents([cheat], config);
    expect(result.score).toBe(5);
    expect(result.answers[0]?.points).toBe(0);
    const honest = scoreEvents([answer('size', 'enterprise', { points: 0 })], config);
    expect(honest.breakdown.map((item) => [item.rule, item.points])).toEqual([
      ['question_answered', 5],
      ['answer:size', 25],
    ]);
    expect(honest.answers[0]).toMatchObject({ question_id: 'size', value: 'enterprise', points: 25 });
  });

  it('take any (question_id, value) → points lookup, so the widget questionnaire can plug in', () => {
    const fromWidget: AnswerPoints = (questionId, value) => (questionId === 'budget' && value === 'big' ? 40 : 0);
    const result = scoreEvents([answer('budget', 'big')], scoringConfig(undefined, fromWidget));
    expect(result).toMatchObject({ score: 45, stage: 'MQL' });
  });
});

describe('overrides', () => {
  it('change a rule’s points; 0 turns it off', () => {
    const config = overrides({ rules: { cta_clicked: 40, session_opened: 0 } });
    expect(rulesOf([track('cta_clicked'), track('widget_opened')], config)).toEqual([['cta_clicked', 40]]);
  });

  it('move the thresholds', () => {
    const config = overrides({ thresholds: { sql: 20, mql: 10 } });
    expect(scoreEvents([track('cta_clicked')], config).stage).toBe('MQL');
    expect(scoreEvents([track('cta_clicked'), track('widget_opened')], config).stage).toBe('SQL');
    expect(stageOf(59)).toBe('MQL');
    expect(stageOf(60)).toBe('SQL');
    expect(stageOf(29)).toBe('Unqualified');
  });

  it('a lowered override moves a lead back from SQL to MQL', () => {
    const events = [
      track('demo_requested'),
      track('cta_clicked'),
      track('questionnaire_completed'),
      track('contact_shared'),
      track('widget_opened'),
      track('product_interest'),
    ];
    expect(scoreEvents(events)).toMatchObject({ score: 60, stage: 'SQL' });
    expect(scoreEvents(events, overrides({ rules: { demo_requested: 5 } }))).toMatchObject({ score: 50, stage: 'MQL' });
  });

  it('extra rules match on event type, name, props (all) and URL; once per lead unless once = false', () => {
    const config = overrides({
      extra: [
        { id: 'pricing_page', event: 'page_view', url_contains: '/PRICING', points: 10 },
        { id: 'enterprise_plan', event: 'track', name: 'plan_selected', props: { plan: 'enterprise', seats: 50 }, points: 20 },
        { id: 'webinar', event: 'form_submit', points: 3, once: false },
        { id: 'careers', event: 'page_view', url_contains: '/careers', points: -20 },
      ],
    });
    const events = [
      ev({ type: 'page_view', url: 'https://www.acme.test/pricing?x=1' }),
      ev({ type: 'page_view', url: 'https://www.acme.test/pricing' }),
      track('plan_selected', { props: { plan: 'enterprise', seats: '50' } }),
      track('plan_selected', { props: { plan: 'enterprise' } }),
      track('plan_selected', { props: { plan: 'starter', seats: 50 } }),
      ev({ type: 'form_submit' }),
      ev({ type: 'form_submit' }),
      ev({ type: 'page_view', url: 'https://www.acme.test/careers' }),
    ];
    expect(rulesOf(events, config)).toEqual([
      ['pricing_page', 10],
      ['enterprise_plan', 20],
      ['webinar', 3],
      ['webinar', 3],
      ['careers', -20],
    ]);
    expect(scoreEvents(events, config).score).toBe(16);
  });
});
