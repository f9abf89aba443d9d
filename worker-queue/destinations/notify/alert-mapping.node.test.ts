import { describe, expect, it } from 'vitest';
import type { StoredAlert } from '../../../core/alerts/store';
import { alertPayload } from './alert-mapping';
import type { DiscordMessage, SlackMessage, TeamsMessage } from './render';

const DAY = 86_400_000;
const end = Date.UTC(2026, 10, 30) - 1;
const alert: StoredAlert = {
  id: 'alr_1',
  kind: 'cost_per_sql_rise',
  // utm_campaign is whatever a visitor put in a URL.
  campaign: '<!channel> @everyone *spring*',
  current: 182.5,
  previous: 100,
  threshold: 0.5,
  window_start: end + 1 - 7 * DAY,
  window_end: end,
  created_at: end + 3_600_000,
  notified_at: null,
};

describe('alert notifications', () => {
  it('Slack: the title, the facts and a pointer to the console, with the campaign escaped', () => {
    const message = alertPayload('slack', alert, 'EUR') as SlackMessage;
    expect(message.text).toBe('Cost per SQL of campaign &lt;!channel&gt; @everyone *spring* rose to 182.50 EUR');
    expect(JSON.stringify(message)).not.toContain('<!channel>');
    expect(message.blocks.at(-1)).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: 'LeadTrail alert: see the console’s Alerts' }],
    });
    expect(JSON.stringify(message.blocks[1])).toContain('Cost per SQL*\\n182.50 EUR (previous window 100.00 EUR)');
    expect(JSON.stringify(message.blocks[1])).toContain('7 days to 2026-11-29');
  });

  it('Discord: one embed in the alert colour, mentions off, nothing links', () => {
    const message = alertPayload('discord', alert, 'EUR') as DiscordMessage;
    expect(message.allowed_mentions).toEqual({ parse: [] });
    expect(message.content).toContain('\\<!channel\\> \\@everyone \\*spring\\*');
    const [embed] = message.embeds;
    expect(embed).toMatchObject({
      color: 0xe01e5a,
      footer: { text: 'LeadTrail alert' },
      timestamp: new Date(alert.created_at).toISOString(),
    });
    expect(embed?.url).toBeUndefined();
  });

  it('Teams: an Adaptive Card with the facts and no action', () => {
    const message = alertPayload('teams', alert, 'EUR') as TeamsMessage;
    const card = message.attachments[0]?.content;
    expect(card?.actions).toEqual([]);
    expect(card?.body).toHaveLength(2);
    expect(card?.body[1]).toMatchObject({ type: 'FactSet' });
    expect(JSON.stringify(card?.body)).toContain('a rise of 50 %');
  });
});
