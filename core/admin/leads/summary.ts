/** The console's LeadSummary (admin API contract) and how a lead row becomes one. */
import type { Touch } from '../../events';
import type { Stage } from '../../scoring/types';
import { parseTouch } from '../../touch';

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
  /** Of the latest event that carried one (Cloudflare geo). */
  country: string | null;
  /** The widget A/B variant of the lead's latest widget event, null when it never used the widget. */
  variant: string | null;
  /** Oldest first (at most MAX_LISTED_TRACKING_IDS). */
  tracking_ids: string[];
}

export interface LeadSummaryRow {
  id: string;
  email: string | null;
  name: string | null;
  phone: string | null;
  score: number;
  stage: Stage;
  first_touch: string | null;
  last_touch: string | null;
  first_seen: number;
  last_seen: number;
  country: string | null;
  variant: string | number | null;
  /** JSON array text. */
  tracking_ids: string | null;
}

export const MAX_LISTED_TRACKING_IDS = 20;

function stringArray(json: string | null): string[] {
  try {
    const value: unknown = JSON.parse(json ?? '[]');
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function leadSummaryOf(row: LeadSummaryRow): LeadSummary {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    phone: row.phone,
    score: row.score,
    stage: row.stage,
    first_touch: parseTouch(row.first_touch),
    last_touch: parseTouch(row.last_touch),
    first_seen: iso(row.first_seen),
    last_seen: iso(row.last_seen),
    country: row.country,
    variant: row.variant === null ? null : String(row.variant),
    tracking_ids: stringArray(row.tracking_ids),
  };
}
