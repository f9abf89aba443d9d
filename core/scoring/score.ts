/**
 * A lead's score, derived from its stored events (never incremented): the same events give the same score,
 * breakdown and answers in any order and with any number of duplicates, so a redelivery or a replay changes
 * nothing. Bot events never score.
 */
import { type ExtraRule } from '../tenants/scoring-overrides';
import { type ScoringConfig, scoringConfig } from './config';
import { ANSWER_RULE_PREFIX, DEFAULT_RULES, DETAILED_ANSWER_CHARS, QUICK_REPLY_MS, TRACK_RULES } from './rules';
import { stageOf } from './stage';
import { type LeadAnswer, type LeadScore, SCORING_EVENTS, type ScoreItem } from './types';

export type PropValue = string | number | boolean | null;

/** What scoring needs of one stored event (raw_events row + its payload). */
export interface ScoringEvent {
  event_id: string;
  /** page_view | track | identify | form_submit */
  type: string;
  name: string | null;
  ts: number;
  session_id: string;
  /** The event or its request was a bot's (raw_events.bot, or the stored request context's `bot`). */
  bot: boolean;
  url: string | null;
  props: Readonly<Record<string, PropValue>>;
  /** identify traits (email, phone, name, …). */
  traits: Readonly<Record<string, string>>;
}

export interface ScoredEvents extends LeadScore {
  answers: LeadAnswer[];
}

interface Credit extends ScoreItem {
  order: number;
}

export function scoreEvents(events: readonly ScoringEvent[], config: ScoringConfig = scoringConfig()): ScoredEvents {
  const ordered = humanEventsInOrder(events);
  const credits: Credit[] = [];
  const counted = new Set<string>();
  const credit = (rule: string, points: number, once: string, event: ScoringEvent, order: number): void => {
    const key = `${rule}\u0000${once}`;
    if (points === 0 || counted.has(key)) return;
    counted.add(key);
    credits.push({ rule, points, event_id: event.event_id, order });
  };

  ordered.forEach((event, order) => {
    const rule = event.type === 'track' && event.name !== null ? TRACK_RULES[event.name] : undefined;
    if (rule)
      credit(rule, config.points[rule], DEFAULT_RULES[rule].per === 'session' ? `session:${event.session_id}` : 'lead', event, order);
    if (event.type === 'identify' && sharesContact(event)) credit('contact_shared', config.points.contact_shared, 'lead', event, order);
    for (const extra of config.extra) {
      if (matchesExtra(extra, event)) credit(extra.id, extra.points, extra.once ? 'lead' : event.event_id, event, order);
    }
  });

  const answers: LeadAnswer[] = [];
  for (const { event, order, questionId, value } of latestAnswers(ordered)) {
    const points = config.answerPoints(questionId, value);
    answers.push({ question_id: questionId, value, points, at: event.ts, event_id: event.event_id });
    const once = `question:${questionId}`;
    credit('question_answered', config.points.question_answered, once, event, order);
    const replyMs = event.props.reply_ms;
    if (typeof replyMs === 'number' && replyMs >= 0 && replyMs < QUICK_REPLY_MS)
      credit('quick_reply', config.points.quick_reply, once, event, order);
    if (Array.from(value.trim()).length > DETAILED_ANSWER_CHARS)
      credit('detailed_answer', config.points.detailed_answer, once, event, order);
    credit(`${ANSWER_RULE_PREFIX}${questionId}`, points, once, event, order);
  }

  // Stable sort: in event order, and within one event in the order the rules were applied.
  const breakdown = credits.sort((a, b) => a.order - b.order).map(({ rule, points, event_id }) => ({ rule, points, event_id }));
  const score = breakdown.reduce((sum, item) => sum + item.points, 0);
  return { score, stage: stageOf(score, config.thresholds), breakdown, answers };
}

/** Bots dropped, duplicates (same event_id) dropped, sorted by time then event id: a total order. */
function humanEventsInOrder(events: readonly ScoringEvent[]): ScoringEvent[] {
  const sorted = events.filter((event) => !event.bot).sort((a, b) => a.ts - b.ts || compareText(a.event_id, b.event_id));
  return sorted.filter((event, i) => i === 0 || sorted[i - 1]?.event_id !== event.event_id);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sharesContact(event: ScoringEvent): boolean {
  return Boolean(event.traits.email?.trim() || event.traits.phone?.trim());
}

function matchesExtra(rule: ExtraRule, event: ScoringEvent): boolean {
  if (event.type !== rule.event) return false;
  if (rule.name !== undefined && event.name !== rule.name) return false;
  if (rule.url_contains !== undefined && !(event.url ?? '').toLowerCase().includes(rule.url_contains.toLowerCase())) return false;
  for (const [key, want] of Object.entries(rule.props ?? {})) {
    const got = Object.hasOwn(event.props, key) ? event.props[key] : null;
    if (got === null || got === undefined || String(got) !== String(want)) return false;
  }
  return true;
}

interface Answer {
  event: ScoringEvent;
  order: number;
  questionId: string;
  value: string;
}

/** The latest answer to each question (events are in time order, so a later answer replaces an earlier one). */
function latestAnswers(ordered: readonly ScoringEvent[]): Answer[] {
  const latest = new Map<string, Answer>();
  ordered.forEach((event, order) => {
    if (event.type !== 'track' || event.name !== SCORING_EVENTS.questionAnswered) return;
    const questionId = event.props.question_id;
    const value = event.props.value;
    if (typeof questionId !== 'string' || questionId === '' || value === null || value === undefined) return;
    if (String(value).trim() === '') return; // an empty text answer answers nothing
    latest.set(questionId, { event, order, questionId, value: String(value) });
  });
  return [...latest.values()].sort((a, b) => a.order - b.order);
}
