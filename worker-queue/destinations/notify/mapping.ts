/**
 * Stage-change notifications (design §5) as a card in each chat tool's incoming-webhook format (./render.ts, which
 * escapes what a visitor typed). Pure: the delivery loop sends what this returns (client.ts).
 */
import type { LeadSnapshot, StageChange } from '../../../core/lead-snapshot';
import type { NotifyConfig } from '../../../core/tenants/destinations';
import { type ChatCard, type DiscordMessage, type NotificationPayload, type SlackMessage, type TeamsMessage, renderCard } from './render';
import { type NotificationLinks, type NotificationSummary, notificationSummary } from './summary';

export type NotifyKind = NotifyConfig['kind'];

const STAGE_COLOR = { SQL: 0x2eb67d, MQL: 0xecb22e, Unqualified: 0x9e9e9e } as const;
const OPEN_CONVERSATION = 'Open the conversation in Chatwoot';

/** Whether this notify target wants this stage change (its `stages`, default SQL and MQL). */
export function shouldNotify(config: Pick<NotifyConfig, 'stages'>, change: StageChange): boolean {
  return change.from !== change.to && (config.stages as readonly string[]).includes(change.to);
}

function facts(summary: NotificationSummary): [string, string][] {
  return [
    ['Stage', summary.stage],
    ['Score', String(summary.score)],
    ['Source', summary.source],
    ['Campaign', summary.campaign ?? '—'],
    ...(summary.email && summary.email !== summary.who ? [['Email', summary.email] as [string, string]] : []),
  ];
}

function stageChangeCard(summary: NotificationSummary): ChatCard {
  return {
    title: summary.title,
    facts: facts(summary),
    at: summary.at,
    fallback: `${summary.title}: score ${summary.score}, ${summary.source}${summary.campaign ? `, ${summary.campaign}` : ''}`,
    ...(summary.conversationUrl ? { link: { url: summary.conversationUrl, label: OPEN_CONVERSATION } } : {}),
    noLink: 'No Chatwoot conversation yet',
    discordColor: STAGE_COLOR[summary.stage],
    discordFooter: 'LeadTrail',
  };
}

export function notificationPayload(kind: 'slack', snapshot: LeadSnapshot, change: StageChange, links: NotificationLinks): SlackMessage;
export function notificationPayload(kind: 'discord', snapshot: LeadSnapshot, change: StageChange, links: NotificationLinks): DiscordMessage;
export function notificationPayload(kind: 'teams', snapshot: LeadSnapshot, change: StageChange, links: NotificationLinks): TeamsMessage;
export function notificationPayload(
  kind: NotifyKind,
  snapshot: LeadSnapshot,
  change: StageChange,
  links: NotificationLinks,
): NotificationPayload;
export function notificationPayload(
  kind: NotifyKind,
  snapshot: LeadSnapshot,
  change: StageChange,
  links: NotificationLinks,
): NotificationPayload {
  return renderCard(kind, stageChangeCard(notificationSummary(snapshot, change, links)));
}
