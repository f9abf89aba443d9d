/**
 * The vocabulary of scoring (design §4), shared by the consumers, the widget's wire events and the console.
 * The implementation (rules.ts, score.ts, stage.ts) lives beside this file.
 */
export const STAGES = ['Unqualified', 'MQL', 'SQL'] as const;
/** The stage labels a person sees downstream (Chatwoot attributes, CRM properties): part of the public contract. */
export type Stage = (typeof STAGES)[number];

/**
 * `track` event names the widget sends (and any page may send) that the default rules score. A rule may also
 * match on event type (`identify` with an email or phone counts as "contact shared").
 */
export const SCORING_EVENTS = {
  sessionOpened: 'widget_opened',
  repliedToGreeting: 'widget_replied',
  /** props: { question_id, value, reply_ms? } — points come from the tenant's questionnaire config, never the client. */
  questionAnswered: 'question_answered',
  questionnaireCompleted: 'questionnaire_completed',
  contactShared: 'contact_shared',
  productInterest: 'product_interest',
  demoRequested: 'demo_requested',
  ctaClicked: 'cta_clicked',
} as const;

/** One line of a score's explanation: which rule gave how many points for which stored event. */
export interface ScoreItem {
  rule: string;
  points: number;
  event_id: string;
}

/** A questionnaire answer as derived from the lead's stored `question_answered` events. */
export interface LeadAnswer {
  question_id: string;
  value: string;
  points: number;
  at: number;
  event_id: string;
}

export interface LeadScore {
  score: number;
  stage: Stage;
  breakdown: ScoreItem[];
}
