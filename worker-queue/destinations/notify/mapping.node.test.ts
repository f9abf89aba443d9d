import { describe, expect, it } from 'vitest';
import type { Touch } from '../../../core/events';
import type { LeadSnapshot, StageChange } from '../../../core/lead-snapshot';
import { notificationPayload, shouldNotify } from './mapping';
import { DISCORD_CONTENT_MAX } from './render';
import type { NotificationLinks } from './summary';

function touch(overrides: Partial<Touch> = {}): Touch {
  return {
    ts: 1_764_000_000_000,
    channel: 'paid_search',
    utm_source: 'google',
    utm_medium: 'cpc',
    utm_campaign: 'spring_launch',
    utm_term: null,
    utm_content: null,
    utm_id: null,
    click_ids: { gclid: 'Cj0-abc' },
    referrer: 'https://www.google.com/',
    landing_url: 'https://www.acme.test/?utm_source=google',
    ...overrides,
  };
}

function snapshot(overrides: Partial<LeadSnapshot> = {}): LeadSnapshot {
  const first = touch();
  return {
    v: 1,
    id: 'lead_abc',
    tenant_id: 'acme',
    version: 4,
    tracking_id: 'trk_abc12345',
    tracking_ids: ['trk_abc12345'],
    email: 'jane@example.com',
    phone: null,
    name: 'Jane Doe',
    traits: {},
    score: 72,
    stage: 'SQL',
    score_breakdown: [],
    answers: [],
    first_touch: first,
    last_touch: first,
    touches: [first],
    channel: 'paid_search',
    country: 'DE',
    variant: null,
    first_seen: 1_764_000_000_000,
    last_seen: 1_764_000_600_000,
    updated_at: 1_764_000_600_000,
    ...overrides,
  };
}

const toSql: StageChange = { from: 'MQL', to: 'SQL', score: 72, at: Date.parse('2026-12-01T10:00:00Z') };
const linked: NotificationLinks = { chatwoot: { base_url: 'https://chat.acme.com/', account_id: 3, conversation_id: 41 } };
const unlinked: NotificationLinks = { chatwoot: null };
const CONVERSATION = 'https://chat.acme.com/app/accounts/3/conversations/41';

describe('Slack', () => {
  it('has a fallback text and section/context blocks with name, stage, score, source, campaign and the link', () => {
    const message = notificationPayload('slack', snapshot(), toSql, linked);
    expect(message.text).toBe('Jane Doe is now SQL (was MQL): score 72, google / cpc, spring_launch');
    expect(message.blocks.map((block) => block.type)).toEqual(['section', 'section', 'context']);
    const text = JSON.stringify(message.blocks);
    for (const part of ['*Jane Doe is now SQL (was MQL)*', '*Stage*\\nSQL', '*Score*\\n72', '*Source*\\ngoogle / cpc', 'spring_launch']) {
      expect(text).toContain(part);
    }
    expect(text).toContain(`<${CONVERSATION}|Open the conversation in Chatwoot>`);
  });

  it('escapes what a visitor typed, so a name cannot mention @channel or forge a link', () => {
    const message = notificationPayload('slack', snapshot({ name: '<!channel> & <https://evil.test|click>' }), toSql, unlinked);
    const all = JSON.stringify(message);
    expect(all).not.toContain('<!channel>');
    expect(all).not.toContain('<https://evil.test');
    expect(message.text).toContain('&lt;!channel&gt; &amp; &lt;https://evil.test|click&gt;');
    expect(all).toContain('No Chatwoot conversation yet');
  });
});

describe('Discord', () => {
  it('has content within 2000 characters, mentions disabled, and one embed with fields', () => {
    const message = notificationPayload('discord', snapshot(), toSql, linked);
    expect(message.content.length).toBeLessThanOrEqual(DISCORD_CONTENT_MAX);
    expect(message.content).toContain(CONVERSATION);
    expect(message.allowed_mentions).toEqual({ parse: [] });
    expect(message.embeds).toHaveLength(1);
    const [embed] = message.embeds;
    expect(embed).toMatchObject({ title: 'Jane Doe is now SQL (was MQL)', url: CONVERSATION, timestamp: '2026-12-01T10:00:00.000Z' });
    expect(embed?.fields.map((field) => [field.name, field.value])).toEqual([
      ['Stage', 'SQL'],
      ['Score', '72'],
      ['Source', 'google / cpc'],
      ['Campaign', 'spring\\_launch'],
      ['Email', 'jane@example.com'.replace('@', '\\@')],
    ]);
  });

  it('stays within Discord limits for a very long name and escapes markdown', () => {
    const message = notificationPayload('discord', snapshot({ name: `**@everyone** ${'x'.repeat(5000)}` }), toSql, unlinked);
    expect(message.content.length).toBeLessThanOrEqual(DISCORD_CONTENT_MAX);
    expect(message.content.startsWith('\\*\\*\\@everyone\\*\\*')).toBe(true);
    expect(message.embeds[0]?.title.length).toBeLessThanOrEqual(256);
    expect(message.embeds[0]?.url).toBeUndefined();
  });
});

describe('Microsoft Teams', () => {
  it('is a message with one Adaptive Card attachment: title, facts and an Open URL action', () => {
    const message = notificationPayload('teams', snapshot(), toSql, linked);
    expect(message.type).toBe('message');
    expect(message.attachments).toHaveLength(1);
    const [attachment] = message.attachments;
    expect(attachment?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(attachment?.content).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
    expect(attachment?.content.body[0]).toMatchObject({ type: 'TextBlock', text: 'Jane Doe is now SQL (was MQL)', wrap: true });
    expect(attachment?.content.body[1]).toEqual({
      type: 'FactSet',
      facts: [
        { title: 'Stage', value: 'SQL' },
        { title: 'Score', value: '72' },
        { title: 'Source', value: 'google / cpc' },
        { title: 'Campaign', value: 'spring\\_launch' },
        { title: 'Email', value: 'jane\\@example.com' },
      ],
    });
    expect(attachment?.content.actions).toEqual([
      { type: 'Action.OpenUrl', title: 'Open the conversation in Chatwoot', url: CONVERSATION },
    ]);
  });

  it('has no action without a conversation', () => {
    const message = notificationPayload('teams', snapshot(), toSql, unlinked);
    expect(message.attachments[0]?.content.actions).toEqual([]);
  });
});

describe('what a notification says', () => {
  it('names the lead by name, else email, else "Anonymous visitor"; a first qualification has no "(was …)"', () => {
    const mql: StageChange = { from: 'Unqualified', to: 'MQL', score: 35, at: toSql.at };
    expect(notificationPayload('slack', snapshot({ name: null }), mql, unlinked).text).toMatch(/^jane@example\.com is now MQL: score 35/);
    const anonymous = notificationPayload('slack', snapshot({ name: '  ', email: null }), mql, unlinked);
    expect(anonymous.text).toMatch(/^Anonymous visitor is now MQL: score 35/);
    expect(JSON.stringify(anonymous.blocks)).not.toContain('*Email*');
  });

  it('falls back to the channel when the touch has no UTM source', () => {
    const organic = touch({ channel: 'organic_search', utm_source: null, utm_medium: null, utm_campaign: null });
    const message = notificationPayload('discord', snapshot({ first_touch: organic, last_touch: organic }), toSql, unlinked);
    expect(message.embeds[0]?.fields.slice(2, 4)).toEqual([
      { name: 'Source', value: 'organic search', inline: true },
      { name: 'Campaign', value: '—', inline: true },
    ]);
  });

  it('notifies on reaching a configured stage only', () => {
    expect(shouldNotify({ stages: ['SQL', 'MQL'] }, toSql)).toBe(true);
    expect(shouldNotify({ stages: ['SQL'] }, { ...toSql, from: 'SQL', to: 'MQL' })).toBe(false);
    expect(shouldNotify({ stages: ['SQL', 'MQL'] }, { ...toSql, from: 'MQL', to: 'Unqualified' })).toBe(false);
    expect(shouldNotify({ stages: ['SQL'] }, { ...toSql, from: 'SQL', to: 'SQL' })).toBe(false);
  });
});
