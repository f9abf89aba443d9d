/**
 * The lead snapshot: the one JSON shape every destination maps from (Chatwoot, CRMs, webhooks, notifications)
 * and the console shows, so a person sees the same thing everywhere. Built from D1 by the consumers
 * (worker-queue/destinations/snapshot.ts); versioned with the lead, so a queued message that names an older
 * version than the one already delivered is recognised as stale.
 *
 * Webhook bodies carry it as `lead` (design §3): `{ type: "lead.upserted" | "lead.stage_changed", lead, sent_at }`.
 */
import type { Touch } from './events';
import type { LeadAnswer, ScoreItem, Stage } from './scoring/types';

export interface LeadSnapshot {
  /** Snapshot format version. */
  v: 1;
  /** The lead id (after merges, always the survivor). Stable: the identifier destinations key on. */
  id: string;
  tenant_id: string;
  /** Monotonic per lead: increases whenever anything a destination shows changes. */
  version: number;
  /** The lead's first tracking id (its oldest alias): Chatwoot's contact identifier and source_id derive from it. */
  tracking_id: string;
  /** Every tracking id merged into this lead, oldest first. */
  tracking_ids: string[];
  email: string | null;
  /** E.164. */
  phone: string | null;
  name: string | null;
  /** Other identify traits (capped, see core/limits.ts). */
  traits: Record<string, string>;
  score: number;
  stage: Stage;
  score_breakdown: ScoreItem[];
  answers: LeadAnswer[];
  first_touch: Touch | null;
  last_touch: Touch | null;
  /** Touch history, oldest first (at most the newest 50). */
  touches: Touch[];
  /** The last touch's channel (or the first's), `direct` when none. */
  channel: string;
  /** Country of the latest request that carried one (Cloudflare geo), ISO 3166-1 alpha-2. */
  country: string | null;
  /** The widget's A/B variant (`props.variant` of the lead's latest widget event), null when it never used the widget. */
  variant: string | null;
  first_seen: number;
  last_seen: number;
  updated_at: number;
}

/** A recorded stage change (`lead.stage_changed`). */
export interface StageChange {
  from: Stage;
  to: Stage;
  score: number;
  at: number;
}
