/**
 * The default rule table of design §4. Each rule says what it matches and how often it can count, so the score
 * stays derived: the same stored events give the same breakdown, whatever their order or how often they arrive.
 *
 * How often a rule counts (`per`) is what a sales team expects from "points for doing X":
 *  - `session`: once per browser session (opening the widget again next week is new interest);
 *  - `question`: once per question id, from the LATEST answer to it (a changed answer replaces the old one);
 *  - `lead`: once per lead, credited to the earliest matching event (a second demo request is not a new signal).
 */
import { SCORING_EVENTS } from './types';

export type RulePer = 'session' | 'question' | 'lead';

export interface RuleDefinition {
  points: number;
  per: RulePer;
  /** What an agent reads next to the rule id in the breakdown. */
  label: string;
}

export const DEFAULT_RULES = {
  session_opened: { points: 5, per: 'session', label: `session opened (track ${SCORING_EVENTS.sessionOpened})` },
  replied_to_greeting: { points: 5, per: 'lead', label: `replied to the greeting (track ${SCORING_EVENTS.repliedToGreeting})` },
  question_answered: { points: 5, per: 'question', label: `question answered (track ${SCORING_EVENTS.questionAnswered})` },
  questionnaire_completed: {
    points: 10,
    per: 'lead',
    label: `all questions completed (track ${SCORING_EVENTS.questionnaireCompleted})`,
  },
  contact_shared: {
    points: 10,
    per: 'lead',
    label: `contact shared (track ${SCORING_EVENTS.contactShared}, or identify with an email or phone)`,
  },
  product_interest: { points: 5, per: 'lead', label: `product interest (track ${SCORING_EVENTS.productInterest})` },
  demo_requested: { points: 15, per: 'lead', label: `demo requested (track ${SCORING_EVENTS.demoRequested})` },
  quick_reply: { points: 5, per: 'question', label: 'quick reply (an answer within 2 minutes: props.reply_ms < 120000)' },
  detailed_answer: { points: 5, per: 'question', label: 'detailed answer (more than 10 characters)' },
  cta_clicked: { points: 15, per: 'lead', label: `call to action clicked (track ${SCORING_EVENTS.ctaClicked})` },
} as const satisfies Record<string, RuleDefinition>;

export type RuleId = keyof typeof DEFAULT_RULES;
export const RULE_IDS = Object.keys(DEFAULT_RULES) as RuleId[];

/** The track event name behind each rule that one plain `track` event triggers. */
export const TRACK_RULES: Readonly<Record<string, RuleId>> = {
  [SCORING_EVENTS.sessionOpened]: 'session_opened',
  [SCORING_EVENTS.repliedToGreeting]: 'replied_to_greeting',
  [SCORING_EVENTS.questionnaireCompleted]: 'questionnaire_completed',
  [SCORING_EVENTS.contactShared]: 'contact_shared',
  [SCORING_EVENTS.productInterest]: 'product_interest',
  [SCORING_EVENTS.demoRequested]: 'demo_requested',
  [SCORING_EVENTS.ctaClicked]: 'cta_clicked',
};

/** A reply faster than this scores `quick_reply`. */
export const QUICK_REPLY_MS = 120_000;
/** An answer longer than this many characters scores `detailed_answer`. */
export const DETAILED_ANSWER_CHARS = 10;
/** Breakdown rule id of the points a questionnaire answer carries: `answer:<question_id>`. */
export const ANSWER_RULE_PREFIX = 'answer:';
