/**
 * What a stage-change notification says, before any chat tool's format: who (name, else email, else
 * "Anonymous visitor"), the stage reached, the score, where the lead came from and the way to their
 * Chatwoot conversation. Pure.
 */
import type { LeadSnapshot, StageChange } from '../../../core/lead-snapshot';
import type { Stage } from '../../../core/scoring/types';

/** A lead's Chatwoot conversation, when chatwoot_links has one (base_url from the tenant's config). */
export interface ChatwootConversationLink {
  base_url: string;
  account_id: number;
  conversation_id: number;
}

export interface NotificationLinks {
  chatwoot: ChatwootConversationLink | null;
}

export interface NotificationSummary {
  /** One line, plain text: "Jane Doe is now SQL (was MQL)". */
  title: string;
  who: string;
  email: string | null;
  stage: Stage;
  from: Stage;
  score: number;
  /** "google / cpc", else the channel ("organic search"). */
  source: string;
  campaign: string | null;
  conversationUrl: string | null;
  at: number;
}

/** Longest user-supplied text a notification repeats (names, UTM values). */
export const FIELD_MAX_CHARS = 200;

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Chatwoot's dashboard URL of a conversation. */
export function chatwootConversationUrl(link: ChatwootConversationLink): string {
  return `${link.base_url.replace(/\/+$/, '')}/app/accounts/${link.account_id}/conversations/${link.conversation_id}`;
}

function sourceOf(snapshot: LeadSnapshot): { source: string; campaign: string | null } {
  const touch = snapshot.last_touch ?? snapshot.first_touch;
  const campaign = touch?.utm_campaign ?? snapshot.first_touch?.utm_campaign ?? null;
  if (touch?.utm_source) {
    const source = touch.utm_medium ? `${touch.utm_source} / ${touch.utm_medium}` : touch.utm_source;
    return { source: clip(source, FIELD_MAX_CHARS), campaign: campaign && clip(campaign, FIELD_MAX_CHARS) };
  }
  return { source: (touch?.channel ?? snapshot.channel).replaceAll('_', ' '), campaign: campaign && clip(campaign, FIELD_MAX_CHARS) };
}

export function notificationSummary(snapshot: LeadSnapshot, change: StageChange, links: NotificationLinks): NotificationSummary {
  const who = clip(snapshot.name?.trim() || snapshot.email || 'Anonymous visitor', FIELD_MAX_CHARS);
  const was = change.from === 'Unqualified' ? '' : ` (was ${change.from})`;
  return {
    title: `${who} is now ${change.to}${was}`,
    who,
    email: snapshot.email,
    stage: change.to,
    from: change.from,
    score: change.score,
    ...sourceOf(snapshot),
    conversationUrl: links.chatwoot ? chatwootConversationUrl(links.chatwoot) : null,
    at: change.at,
  };
}
