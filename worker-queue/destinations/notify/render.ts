/**
 * One card in each chat tool's incoming-webhook format (Slack blocks, a Discord embed, a Teams Adaptive Card), for
 * both kinds of notification: stage changes (./mapping.ts) and console alerts (./alert-mapping.ts). Pure. The
 * card's title and facts are plain text and escaped here for each tool's markup, so a lead named "<!channel>" or
 * "@everyone", or a campaign name from a URL, pings nobody.
 */
import { clip } from './summary';

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

export interface ChatCard {
  /** Plain text. */
  title: string;
  /** Plain-text name and value pairs. */
  facts: [string, string][];
  at: number;
  /** Slack's `text` (push notifications, old clients), plain text; the title when absent. */
  fallback?: string;
  /** A link the card opens (Slack's context line, the Discord embed's url, a Teams action). */
  link?: { url: string; label: string };
  /** Plain text shown instead of the link when there is none (Slack's context line, a Teams text block). */
  noLink?: string;
  /** Slack's context line when there is neither a link nor `noLink` (already mrkdwn). */
  slackContext?: string;
  discordColor: number;
  discordFooter: string;
}

export function slackCard(card: ChatCard): SlackMessage {
  const context = card.link
    ? `<${card.link.url.replace(/[<>|]/g, encodeURIComponent)}|${slackEscape(card.link.label)}>`
    : card.noLink !== undefined
      ? slackEscape(card.noLink)
      : (card.slackContext ?? '');
  return {
    text: clip(slackEscape(card.fallback ?? card.title), SLACK_TEXT_MAX),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: clip(`*${slackEscape(card.title)}*`, SLACK_TEXT_MAX) } },
      {
        type: 'section',
        fields: card.facts.map(([name, value]) => ({ type: 'mrkdwn', text: clip(`*${name}*\n${slackEscape(value)}`, 2000) })),
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: context }] },
    ],
    unfurl_links: false,
  };
}

export function discordCard(card: ChatCard): DiscordMessage {
  const content = card.link ? `${markdownEscape(card.title)}\n<${card.link.url}>` : markdownEscape(card.title);
  return {
    content: clip(content, DISCORD_CONTENT_MAX),
    allowed_mentions: { parse: [] },
    embeds: [
      {
        title: clip(card.title, DISCORD_TITLE_MAX),
        ...(card.link ? { url: card.link.url } : {}),
        color: card.discordColor,
        fields: card.facts.map(([name, value]) => ({ name, value: clip(markdownEscape(value), DISCORD_FIELD_MAX), inline: true })),
        timestamp: new Date(card.at).toISOString(),
        footer: { text: card.discordFooter },
      },
    ],
  };
}

export function teamsCard(card: ChatCard): TeamsMessage {
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
            { type: 'TextBlock', text: markdownEscape(card.title), size: 'Medium', weight: 'Bolder', wrap: true },
            { type: 'FactSet', facts: card.facts.map(([title, value]) => ({ title, value: markdownEscape(value) })) },
            ...(card.link || card.noLink === undefined ? [] : [{ type: 'TextBlock' as const, text: card.noLink, wrap: true as const }]),
          ],
          actions: card.link ? [{ type: 'Action.OpenUrl', title: card.link.label, url: card.link.url }] : [],
          msteams: { width: 'Full' },
        },
      },
    ],
  };
}

export function renderCard(kind: 'slack' | 'discord' | 'teams', card: ChatCard): NotificationPayload {
  switch (kind) {
    case 'slack':
      return slackCard(card);
    case 'discord':
      return discordCard(card);
    case 'teams':
      return teamsCard(card);
  }
}
