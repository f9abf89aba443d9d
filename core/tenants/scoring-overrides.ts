/**
 * `[vars.TENANTS.<id>.scoring]`: a tenant's changes to the default scoring of design §4 (absent: the defaults).
 *
 *   rules         = { <rule id> = points }           points of a default rule (0 turns it off); unknown id = error
 *   thresholds    = { sql = 60, mql = 30 }            stage boundaries; sql must stay above mql
 *   answer_points = { <question id> = { <value> = points } }   points a questionnaire answer carries
 *   [[…scoring.extra]] { id, event, name?, props?, url_contains?, points, once? = true }   rules of the tenant's own
 *
 * Answer points come from here (later also from the widget's questionnaire), never from what the client sends.
 */
import * as v from 'valibot';
import { EVENT_TYPES } from '../events';
import { DEFAULT_RULES, RULE_IDS, type RuleId } from '../scoring/rules';
import { DEFAULT_THRESHOLDS } from '../scoring/stage';

const Points = v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(-1000), v.maxValue(1000));
const Threshold = v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(1), v.maxValue(100_000));
const RuleKey = v.picklist(RULE_IDS, `must be a rule id: ${RULE_IDS.join(', ')}`);
const Text = (max: number) => v.pipe(v.string(), v.minLength(1, 'must not be empty'), v.maxLength(max));

const ThresholdsSchema = v.pipe(
  v.strictObject({ sql: v.optional(Threshold), mql: v.optional(Threshold) }),
  v.forward(
    v.check(
      (t) => (t.sql ?? DEFAULT_THRESHOLDS.sql) > (t.mql ?? DEFAULT_THRESHOLDS.mql),
      (issue) => {
        const t = issue.input;
        return `(${t.sql ?? DEFAULT_THRESHOLDS.sql}) must be greater than mql (${t.mql ?? DEFAULT_THRESHOLDS.mql})`;
      },
    ),
    ['sql'],
  ),
);

export const ExtraRuleSchema = v.pipe(
  v.strictObject({
    id: v.pipe(v.string(), v.regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be a short snake_case id')),
    /** The stored event's type. */
    event: v.picklist(EVENT_TYPES, `must be one of ${EVENT_TYPES.join(', ')}`),
    /** The event's name (for `track`: the name passed to track()). */
    name: v.optional(Text(128)),
    /** Every listed prop must equal (compared as text). */
    props: v.optional(v.record(Text(64), v.union([v.string(), v.number(), v.boolean()]))),
    /** The event's page URL contains this (case-insensitive). */
    url_contains: v.optional(Text(2048)),
    points: Points,
    /** true: once per lead (the earliest matching event); false: every matching event counts. */
    once: v.optional(v.boolean(), true),
  }),
  v.forward(
    v.check((rule) => !Object.hasOwn(DEFAULT_RULES, rule.id), 'must not reuse a default rule id (change its points under scoring.rules)'),
    ['id'],
  ),
);
export type ExtraRule = v.InferOutput<typeof ExtraRuleSchema>;

export const ScoringOverridesSchema = v.strictObject({
  rules: v.optional(v.record(RuleKey, Points), {}),
  thresholds: v.optional(ThresholdsSchema, {}),
  extra: v.optional(
    v.pipe(
      v.array(ExtraRuleSchema),
      v.check((rules) => new Set(rules.map((rule) => rule.id)).size === rules.length, 'must not declare the same rule id twice'),
    ),
    [],
  ),
  answer_points: v.optional(v.record(Text(64), v.record(Text(1024), Points)), {}),
});
export type ScoringOverrides = v.InferOutput<typeof ScoringOverridesSchema>;
export type RulePoints = Partial<Record<RuleId, number>>;

/** The scoring key of a tenant table, spread into the tenant schema (core/tenants.ts). */
export const SCORING_KEYS = {
  scoring: v.optional(ScoringOverridesSchema),
};
