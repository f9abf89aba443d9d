/**
 * Stage-change notifications (design §5) in each chat tool's incoming-webhook format. Pure: the delivery
 * loop sends what this returns (client.ts). Text a visitor typed (their name) is escaped for the target's
 * markup, so a lead named "<!channel>" or "@everyone" pings nobody.
 */
import type { LeadSnapshot, StageChange } from '../../../core/lead-snapshot';
import type { NotifyConfig } from '../../../core/tenants/destinations';
import { type NotificationLinks, type NotificationSummary, clip, notificationSummary } from './summary';

export type NotifyKind = NotifyConfig['kind'];

/** Slack incoming webhook: `text` is the fallback (push notifications, old clients), `blocks` the layout. */
export interface SlackMessage {
  text: string;
  blocks: (
    | { type: 'section'; text: { type: 'mrkdwn'; text: string } }
    | { type: 'section'; fields: { type: 'mrkdwn'; text: string }[] }
    | { type: 'context'; elements: { type: 'mrkdwn'; text: string }[] }
  )[];
  unfurl_links: false;
}

/** Discord webhook (execute webhook): content ≤ 2000 characters, one embed, mentions disabled. */
export interface DiscordMessage {
  content: string;
  allowed_mentions: { parse: [] };
  embeds: {
    title: string;
    url?: string;
    color: number;
    fields: { name: string; value: string; inline: boolean }[];
    timestamp: string;
    footer: { text: string };
  }[];
}

/** Teams incoming webhook / Workflows "when a Teams webhook request is received": a message with one Adaptive Card. */
export interface TeamsMessage {
  type: 'message';
  attachments: {
    contentType: 'application/vnd.microsoft.card.adaptive';
    contentUrl: null;
    content: {
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
      type: 'AdaptiveCard';
      version: '1.4';
      body: (
        | { type: 'TextBlock'; text: string; size?: 'Medium'; weight?: 'Bolder'; wrap: true }
        | { type: 'FactSet'; facts: { title: string; value: string }[] }
      )[];
      actions: { type: 'Action.OpenUrl'; title: string; url: string }[];
      msteams: { width: 'Full' };
    };
  }[];
}

export type NotificationPayload = SlackMessage | DiscordMessage | TeamsMessage;

export const DISCORD_CONTENT_MAX = 2000;
const DISCORD_TITLE_MAX = 256;
const DISCORD_FIELD_MAX = 1024;
const SLACK_TEXT_MAX = 3000;
const STAGE_COLOR = { SQL: 0x2eb67d, MQL: 0xecb22e, Unqualified: 0x9e9e9e } as const;
const OPEN_CONVERSATION = 'Open the conversation in Chatwoot';

/** Whether this notify target wants this stage change (its `stages`, default SQL and MQL). */
export function shouldNotify(config: Pick<NotifyConfig, 'stages'>, change: StageChange): boolean {
  return change.from !== change.to && (config.stages as readonly string[]).includes(change.to);
}

/** Slack's mrkdwn control characters (https://api.slack.com/reference/surfaces/formatting#escaping). */
export function slackEscape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/**
 * Markdown (Discord, Teams) without formatting, links, headings or mentions from the visitor's text: a
 * backslash before ASCII punctuation shows the character itself (CommonMark).
 */
export function markdownEscape(text: string): string {
  return text.replace(/[\\`*_~|[\]<>#@]/g, (char) => `\\${char}`);
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

function slackMessage(summary: NotificationSummary): SlackMessage {
  const link = summary.conversationUrl
    ? `<${summary.conversationUrl.replace(/[<>|]/g, encodeURIComponent)}|${OPEN_CONVERSATION}>`
    : 'No Chatwoot conversation yet';
  const fallback = `${summary.title}: score ${summary.score}, ${summary.source}${summary.campaign ? `, ${summary.campaign}` : ''}`;
  return {
    text: clip(slackEscape(fallback), SLACK_TEXT_MAX),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: clip(`*${slackEscape(summary.title)}*`, SLACK_TEXT_MAX) } },
      {
        type: 'section',
        fields: facts(summary).map(([name, value]) => ({ type: 'mrkdwn', text: clip(`*${name}*\n${slackEscape(value)}`, 2000) })),
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: link }] },
    ],
    unfurl_links: false,
  };
}

function discordMessage(summary: NotificationSummary): DiscordMessage {
  const content = summary.conversationUrl
    ? `${markdownEscape(summary.title)}\n<${summary.conversationUrl}>`
    : markdownEscape(summary.title);
  return {
    content: clip(content, DISCORD_CONTENT_MAX),
    allowed_mentions: { parse: [] },
    embeds: [
      {
        title: clip(summary.title, DISCORD_TITLE_MAX),
        ...(summary.conversationUrl ? { url: summary.conversationUrl } : {}),
        color: STAGE_COLOR[summary.stage],
        fields: facts(summary).map(([name, value]) => ({ name, value: clip(markdownEscape(value), DISCORD_FIELD_MAX), inline: true })),
        timestamp: new Date(summary.at).toISOString(),
        footer: { text: 'LeadTrail' },
      },
    ],
  };
}

function teamsMessage(summary: NotificationSummary): TeamsMessage {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', text: markdownEscape(summary.title), size: 'Medium', weight: 'Bolder', wrap: true },
            { type: 'FactSet', facts: facts(summary).map(([title, value]) => ({ title, value: markdownEscape(value) })) },
            ...(summary.conversationUrl ? [] : [{ type: 'TextBlock' as const, text: 'No Chatwoot conversation yet', wrap: true as const }]),
          ],
          actions: summary.conversationUrl ? [{ type: 'Action.OpenUrl', title: OPEN_CONVERSATION, url: summary.conversationUrl }] : [],
          msteams: { width: 'Full' },
        },
      },
    ],
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
  const summary = notificationSummary(snapshot, change, links);
  switch (kind) {
    case 'slack':
      return slackMessage(summary);
    case 'discord':
      return discordMessage(summary);
    case 'teams':
      return teamsMessage(summary);
  }
}
