import { describe, expect, it } from 'vitest';
import type { LeadSnapshot } from '../../../core/lead-snapshot';
import { chatwootPayload, labelOf } from './mapping';
import { changeNote, initialNote } from './note';

const touch = {
  ts: Date.parse('2026-11-28T14:05:00Z'),
  channel: 'paid_search',
  utm_source: 'google',
  utm_medium: 'cpc',
  utm_campaign: 'Spring Sale',
  utm_term: null,
  utm_content: null,
  utm_id: null,
  click_ids: { gclid: 'Cj0KCQ' },
  referrer: 'https://www.google.com/',
  landing_url: 'https://www.acme.com/pricing?utm_source=google',
};

const SNAPSHOT: LeadSnapshot = {
  v: 1,
  id: 'lead_7Hq2mXkP0aZ9',
  tenant_id: 'acme',
  version: 4,
  tracking_id: 'trk_a1b2c3d4e5',
  tracking_ids: ['trk_a1b2c3d4e5'],
  email: 'ada@example.com',
  phone: '+493012345678',
  name: 'Ada Lovelace',
  traits: {},
  score: 65,
  stage: 'SQL',
  score_breakdown: [
    { rule: 'session_opened', points: 5, event_id: 'e1' },
    { rule: 'question_answered', points: 15, event_id: 'e2' },
    { rule: 'contact_shared', points: 10, event_id: 'e3' },
    { rule: 'demo_requested', points: 15, event_id: 'e4' },
    { rule: 'cta_clicked', points: 15, event_id: 'e5' },
    { rule: 'quick_reply', points: 5, event_id: 'e6' },
  ],
  answers: [
    { question_id: 'size', value: 'mid', points: 10, at: 1, event_id: 'e2' },
    { question_id: 'email', value: 'ada@example.com', points: 0, at: 2, event_id: 'e3' },
  ],
  first_touch: touch,
  last_touch: {
    ...touch,
    ts: Date.parse('2026-12-01T09:12:00Z'),
    channel: 'email',
    utm_source: 'newsletter',
    utm_medium: 'email',
    utm_campaign: 'december',
  },
  touches: [
    touch,
    {
      ...touch,
      ts: Date.parse('2026-12-01T09:12:00Z'),
      channel: 'email',
      utm_source: 'newsletter',
      utm_medium: 'email',
      utm_campaign: 'december',
      landing_url: 'https://www.acme.com/demo',
    },
  ],
  channel: 'email',
  country: 'DE',
  variant: 'b',
  first_seen: 1,
  last_seen: 2,
  updated_at: 3,
};

const route = { inbox_id: 7, labels: ['Enterprise'] };

describe('chatwoot mapping', () => {
  it('maps a snapshot to the lt_* attributes (complete, nulls included) and the label set', () => {
    const payload = chatwootPayload(SNAPSHOT, 1, route);
    expect(payload.identifier).toBe('trk_a1b2c3d4e5');
    expect(payload.source_id).toBe('lt-trk_a1b2c3d4e5');
    expect(payload.conversation.custom_attributes).toEqual({
      lt_tracking_id: 'trk_a1b2c3d4e5',
      lt_lead_id: 'lead_7Hq2mXkP0aZ9',
      lt_score: 65,
      lt_stage: 'SQL',
      lt_channel: 'email',
      lt_first_utm_source: 'google',
      lt_first_utm_medium: 'cpc',
      lt_first_utm_campaign: 'Spring Sale',
      lt_first_landing_url: 'https://www.acme.com/pricing?utm_source=google',
      lt_first_referrer: 'https://www.google.com/',
      lt_last_utm_source: 'newsletter',
      lt_last_utm_medium: 'email',
      lt_last_utm_campaign: 'december',
      lt_last_landing_url: 'https://www.acme.com/pricing?utm_source=google',
      lt_click_ids: 'gclid=Cj0KCQ',
      lt_country: 'DE',
      lt_touches: 2,
      lt_variant: 'b',
    });
    expect(payload.conversation.labels).toEqual(['december', 'email', 'enterprise', 'sql']);
    expect(payload.contact.custom_attributes).toEqual(payload.conversation.custom_attributes);
    expect(labelOf('Spring Sale!')).toBe('spring-sale');
  });

  it('is pure: the same snapshot gives the same payload', () => {
    expect(chatwootPayload(SNAPSHOT, 1, route)).toEqual(chatwootPayload(structuredClone(SNAPSHOT), 1, route));
  });

  it('writes one readable note with answers, score breakdown and touches, then notes of changes only', () => {
    const payload = chatwootPayload(SNAPSHOT, 1, route);
    expect(initialNote(payload)).toBe(
      [
        'LeadTrail: SQL, score 65',
        '',
        'Questionnaire',
        '• size: mid (+10)',
        '• email: ada@example.com',
        '',
        'Score 65 (SQL)',
        '• session_opened +5',
        '• question_answered +15',
        '• contact_shared +10',
        '• demo_requested +15',
        '• cta_clicked +15',
        '• quick_reply +5',
        '',
        'Touches (oldest first)',
        '• 2026-11-28 14:05 UTC · paid_search · google / cpc / Spring Sale · https://www.acme.com/pricing?utm_source=google',
        '• 2026-12-01 09:12 UTC · email · newsletter / email / december · https://www.acme.com/demo',
        '',
        'Lead lead_7Hq2mXkP0aZ9 · tracking id trk_a1b2c3d4e5',
      ].join('\n'),
    );
    const earlier = chatwootPayload(
      { ...SNAPSHOT, score: 35, stage: 'MQL', answers: SNAPSHOT.answers.slice(0, 1), touches: SNAPSHOT.touches.slice(0, 1) },
      1,
      route,
    );
    expect(changeNote(earlier, payload)).toBe(
      [
        'LeadTrail: lead updated (SQL, score 65)',
        '• Stage: MQL → SQL',
        '• Score: 35 → 65',
        '• New answer: email: ada@example.com',
        '• New touch: 2026-12-01 09:12 UTC · email · newsletter / email / december · https://www.acme.com/demo',
      ].join('\n'),
    );
    expect(changeNote(payload, payload)).toBeNull();
  });
});
