/**
 * A tenant's effective scoring: the default table with its overrides applied. Built once per tenant and passed to
 * scoreEvents, so the pure scorer never reads tenant config itself.
 */
import type { ExtraRule, ScoringOverrides } from '../tenants/scoring-overrides';
import { DEFAULT_RULES, RULE_IDS, type RuleId } from './rules';
import { DEFAULT_THRESHOLDS, type Thresholds } from './stage';

/**
 * Points a questionnaire answer carries. Always the tenant's config (scoring.answer_points today, the widget's
 * `questions[].options[].points` once it exists), never a number the client sent.
 */
export type AnswerPoints = (questionId: string, value: string) => number;

export interface ScoringConfig {
  points: Readonly<Record<RuleId, number>>;
  thresholds: Thresholds;
  extra: readonly ExtraRule[];
  answerPoints: AnswerPoints;
}

/** `answer_points = { size = { mid = 10, enterprise = 25 } }` as a lookup (an unknown answer carries 0). */
export function answerPointsFrom(table: ScoringOverrides['answer_points'] | undefined): AnswerPoints {
  return (questionId, value) => {
    const values = table && Object.hasOwn(table, questionId) ? table[questionId] : undefined;
    return values && Object.hasOwn(values, value) ? (values[value] ?? 0) : 0;
  };
}

export function scoringConfig(overrides?: ScoringOverrides, answerPoints?: AnswerPoints): ScoringConfig {
  const points = {} as Record<RuleId, number>;
  for (const id of RULE_IDS) points[id] = overrides?.rules[id] ?? DEFAULT_RULES[id].points;
  return {
    points,
    thresholds: {
      sql: overrides?.thresholds.sql ?? DEFAULT_THRESHOLDS.sql,
      mql: overrides?.thresholds.mql ?? DEFAULT_THRESHOLDS.mql,
    },
    extra: overrides?.extra ?? [],
    answerPoints: answerPoints ?? answerPointsFrom(overrides?.answer_points),
  };
}
