/**
 * The /v1/admin shapes the page reads (/work/admin-api.md, the console API contract). Hand-kept: browser
 * packages import nothing outside their folder; the Chromium tests run the page against the real API.
 */
export type Role = 'viewer' | 'admin';
export type Stage = 'Unqualified' | 'MQL' | 'SQL';

export interface Me {
  tenant: string;
  tenant_name?: string;
  role: Role;
  subject: string;
  expires_at: string;
}

/** A touch as the tracker sent it (core/events.ts TouchSchema). */
export interface Touch {
  ts?: number;
  channel?: string;
  utm_source?: string | null;
  utm_medium?: string | null;
  utm_campaign?: string | null;
  utm_term?: string | null;
  utm_content?: string | null;
  utm_id?: string | null;
  click_ids?: Record<string, string>;
  referrer?: string | null;
  landing_url?: string | null;
  [key: string]: unknown;
}

export interface LeadSummary {
  id: string;
  email: string | null;
  name: string | null;
  phone: string | null;
  score: number;
  stage: Stage;
  first_touch: Touch | null;
  last_touch: Touch | null;
  first_seen: string;
  last_seen: string;
  country: string | null;
  variant: string | null;
  tracking_ids: string[];
}

export interface LeadsPage {
  leads: LeadSummary[];
  next_cursor: string | null;
}

export interface ScoreItem {
  rule: string;
  points: number;
  event_id?: string;
}

export interface Answer {
  question_id: string;
  value: string;
  points?: number;
  at?: number | string;
}

export interface TimelineEntry {
  at: string;
  kind: 'event' | 'touch' | 'answer' | 'score' | 'stage_change' | 'delivery' | 'conversation';
  summary: string;
  data?: unknown;
}

export interface Delivery {
  id: string;
  destination: string;
  target: string | number | null;
  lead_id: string | null;
  status: string;
  provider_status: number | null;
  provider_body: string | null;
  /** Every provider call of a delivery (absent on dead letters). */
  provider_calls?: { operation: string; status: number; count?: number }[];
  replay_of: string | null;
  created_at: string;
  delivered_at: string | null;
}

export interface DeadLetter {
  id: string;
  queue: string;
  destination: string | null;
  target: string | number | null;
  lead_id: string | null;
  error: string | null;
  provider_status: number | null;
  provider_body: string | null;
  created_at: string;
  replayed_at: string | null;
  status: 'open' | 'replayed';
}

export interface LeadDetail {
  lead: LeadSummary & {
    traits?: Record<string, unknown>;
    answers?: Answer[] | Record<string, string>;
    score_breakdown?: ScoreItem[];
  };
  timeline: TimelineEntry[];
  deliveries: Delivery[];
  dead_letters: DeadLetter[];
  links: {
    chatwoot: { contact_id: unknown; conversation_id: unknown; inbox_id: unknown } | null;
    crm: { destination: string; target: string | number | null; remote_ids: Record<string, unknown> | unknown }[];
  };
}

/** The counts every funnel, breakdown row and trend point has. */
export interface Counts {
  visits: number;
  visitors: number;
  leads: number;
  mql: number;
  sql: number;
}

export interface Rates {
  visit_to_lead: number | null;
  lead_to_mql: number | null;
  mql_to_sql: number | null;
  median_hours_to_sql: number | null;
  spend: number | null;
  cost_per_lead: number | null;
  cost_per_mql: number | null;
  cost_per_sql: number | null;
}

export interface Funnel extends Counts, Rates {
  from: string;
  to: string;
  currency: string | null;
}

export type Dimension = 'campaign' | 'channel' | 'source' | 'landing_page' | 'variant';

export interface BreakdownRow extends Counts, Rates {
  key: string | null;
  currency?: string | null;
}

export interface Breakdown {
  by: Dimension;
  from: string;
  to: string;
  rows: BreakdownRow[];
  currency?: string | null;
}

export type Interval = 'day' | 'week';

export interface TrendPoint extends Counts {
  period_start: string;
}

/** Fractions against the previous period of equal length; null when the previous value is 0. */
export type Change = Partial<Record<'visits' | 'visitors' | 'leads' | 'mql' | 'sql' | 'mql_to_sql' | 'cost_per_sql', number | null>>;

export interface Trends {
  interval: Interval;
  points: TrendPoint[];
  change: Change;
}

export interface Alert {
  id: string;
  kind: 'mql_to_sql_drop' | 'cost_per_sql_rise' | 'bot_spike' | string;
  campaign: string | null;
  current: number | null;
  previous: number | null;
  threshold: number | null;
  window_start?: string | null;
  window_end?: string | null;
  created_at: string;
  notified_at: string | null;
}

export interface QueueHealth {
  queues: { queue: string; backlog: number | null; oldest_age_seconds: number | null; dead_letters_open: number }[];
  destinations: {
    destination: string;
    target: string | number | null;
    /** Which entry of the destination (a webhook's host, a notification kind). */
    label?: string;
    last_success_at: string | null;
    failures_24h: number;
    dead_letters_open: number;
  }[];
}

export interface ReplayResult {
  replayed: string[];
  failed: { id: string; error: string }[];
}

export interface Deletion {
  id: string;
  requested_by: string;
  requested_at: string;
  completed_at: string | null;
  status: 'pending' | 'completed';
  selector_kind: 'email' | 'tracking_id';
  rows_deleted: Record<string, number>;
  destinations: { destination: string; target: number | null; status: string; error?: string | null }[];
}
