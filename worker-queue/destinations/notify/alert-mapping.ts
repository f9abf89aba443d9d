/**
 * Pure: an alert (README, Console: alerts) in each chat tool's incoming-webhook format, beside the stage-change
 * messages of ./mapping.ts. A campaign name comes from utm_campaign, which any visitor can write into a URL: it is
 * escaped for the target's markup like a lead's name.
 */
import type { StoredAlert } from '../../../core/alerts/store';
import type { NotifyConfig } from '../../../core/tenants/destinations';
import type { DiscordMessage, NotificationPayload, SlackMessage, TeamsMessage } from './mapping';
import { markdownEscape, slackEscape } from './mapping';
import { clip } from './summary';

const percent = (value: number) => `${Math.round(value * 1000) / 10} %`;
const money = (value: number) => (Math.round(value * 100) / 100).toFixed(2);
const days = (alert: StoredAlert) => Math.round((alert.window_end + 1 - alert.window_start) / 86_400_000);

export interface AlertSummary {
  title: string;
  facts: [string, string][];
  at: number;
}

export function alertSummary(alert: StoredAlert, currency: string): AlertSummary {
  const window = `${days(alert)} days to ${new Date(alert.window_end).toISOString().slice(0, 10)}`;
  const campaign = alert.campaign ?? '—';
  const previous = alert.previous;
  switch (alert.kind) {
    case 'mql_to_sql_drop':
      return {
        title: `MQL→SQL of campaign ${campaign} fell to ${percent(alert.current)}${previous === null ? '' : ` (was ${percent(previous)})`}`,
        facts: [
          ['Campaign', campaign],
          ['MQL→SQL', `${percent(alert.current)} (previous window ${previous === null ? '—' : percent(previous)})`],
          ['Threshold', `a drop of ${percent(alert.threshold)}`],
          ['Window', window],
        ],
        at: alert.created_at,
      };
    case 'cost_per_sql_rise':
      return {
        title: `Cost per SQL of campaign ${campaign} rose to ${money(alert.current)} ${currency}`,
        facts: [
          ['Campaign', campaign],
          [
            'Cost per SQL',
            `${money(alert.current)} ${currency} (previous window ${previous === null ? '—' : `${money(previous)} ${currency}`})`,
          ],
          ['Threshold', `a rise of ${percent(alert.threshold)}`],
          ['Window', window],
        ],
        at: alert.created_at,
      };
    case 'bot_spike':
      return {
        title: `Bot traffic spiked: ${alert.current} bot events (previous window ${previous ?? 0})`,
        facts: [
          ['Bot events', `${alert.current} (previous window ${previous ?? 0})`],
          ['Threshold', `${alert.threshold}× the previous window`],
          ['Window', window],
        ],
        at: alert.created_at,
      };
  }
}

function slack(summary: AlertSummary): SlackMessage {
  return {
    text: clip(slackEscape(summary.title), 3000),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: clip(`*${slackEscape(summary.title)}*`, 3000) } },
      {
        type: 'section',
        fields: summary.facts.map(([name, value]) => ({ type: 'mrkdwn', text: clip(`*${name}*\n${slackEscape(value)}`, 2000) })),
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'LeadTrail alert: see the console’s Alerts' }] },
    ],
    unfurl_links: false,
  };
}

function discord(summary: AlertSummary): DiscordMessage {
  return {
    content: clip(markdownEscape(summary.title), 2000),
    allowed_mentions: { parse: [] },
    embeds: [
      {
        title: clip(summary.title, 256),
        color: 0xe01e5a,
        fields: summary.facts.map(([name, value]) => ({ name, value: clip(markdownEscape(value), 1024), inline: true })),
        timestamp: new Date(summary.at).toISOString(),
        footer: { text: 'LeadTrail alert' },
      },
    ],
  };
}

function teams(summary: AlertSummary): TeamsMessage {
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
            { type: 'FactSet', facts: summary.facts.map(([title, value]) => ({ title, value: markdownEscape(value) })) },
          ],
          actions: [],
          msteams: { width: 'Full' },
        },
      },
    ],
  };
}

export function alertPayload(kind: NotifyConfig['kind'], alert: StoredAlert, currency: string): NotificationPayload {
  const summary = alertSummary(alert, currency);
  switch (kind) {
    case 'slack':
      return slack(summary);
    case 'discord':
      return discord(summary);
    case 'teams':
      return teams(summary);
  }
}
