/**
 * Pure: an alert (README, Console: alerts) as a card in each chat tool's incoming-webhook format (./render.ts),
 * beside the stage-change messages of ./mapping.ts. A campaign name comes from utm_campaign, which any visitor can
 * write into a URL: the card escapes it for the target's markup like a lead's name.
 */
import type { StoredAlert } from '../../../core/alerts/store';
import type { NotifyConfig } from '../../../core/tenants/destinations';
import { type NotificationPayload, renderCard } from './render';

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

export function alertPayload(kind: NotifyConfig['kind'], alert: StoredAlert, currency: string): NotificationPayload {
  const summary = alertSummary(alert, currency);
  return renderCard(kind, {
    ...summary,
    slackContext: 'LeadTrail alert: see the console’s Alerts',
    discordColor: 0xe01e5a,
    discordFooter: 'LeadTrail alert',
  });
}
