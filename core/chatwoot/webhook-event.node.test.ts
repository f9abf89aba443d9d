import { describe, expect, it } from 'vitest';
import { bounded, webhookEventMeaning } from './webhook-event';

const DELIVERED = Date.parse('2026-12-01T10:00:00Z');

function reply(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    event: 'message_created',
    id: 501,
    content: 'On it!',
    message_type: 'outgoing',
    private: false,
    sender: { id: 2, name: 'Sam', type: 'user' },
    conversation: { id: 77, status: 'open' },
    account: { id: 3 },
    ...overrides,
  };
}

describe('webhookEventMeaning', () => {
  it('reads the message time in each form Chatwoot sends, falling back to the delivery time', () => {
    const at = (created_at: unknown) => {
      const meaning = webhookEventMeaning(reply({ created_at }), DELIVERED);
      return meaning.action === 'store' ? meaning.row.at : null;
    };
    expect(at('2026-11-30T08:01:02.000Z')).toBe(Date.parse('2026-11-30T08:01:02Z'));
    expect(at('2020-03-03 13:05:57 UTC')).toBe(Date.parse('2020-03-03T13:05:57Z'));
    expect(at(1_627_063_369)).toBe(1_627_063_369_000);
    expect(at('yesterday')).toBe(DELIVERED);
    expect(at(undefined)).toBe(DELIVERED);
  });

  it('accepts ids as numeric strings, and names the account when the payload carries one', () => {
    const meaning = webhookEventMeaning(reply({ id: '501', conversation: { id: '77' }, account: { id: '3' } }), DELIVERED);
    expect(meaning).toMatchObject({ action: 'store', conversationId: 77, accountId: 3, row: { messageId: 501, status: null } });
    const status = webhookEventMeaning({ event: 'conversation_status_changed', id: 77, status: 'resolved' }, DELIVERED);
    expect(status).toMatchObject({ action: 'store', conversationId: 77, accountId: null, row: { kind: 'status', at: DELIVERED } });
  });

  it('classifies what is not an agent reply, and what it cannot read', () => {
    expect(webhookEventMeaning(reply({ message_type: 1 }), DELIVERED).action).toBe('store');
    expect(webhookEventMeaning(reply({ message_type: 2 }), DELIVERED)).toMatchObject({ reason: 'not_an_agent_reply' });
    expect(webhookEventMeaning(reply({ private: true, message_type: 'incoming' }), DELIVERED)).toMatchObject({ reason: 'private_note' });
    expect(webhookEventMeaning({ event: 'conversation_typing_on' }, DELIVERED)).toMatchObject({ reason: 'unhandled_event' });
    expect(webhookEventMeaning([], DELIVERED).action).toBe('invalid');
    expect(webhookEventMeaning(reply({ conversation: null }), DELIVERED).action).toBe('invalid');
    expect(webhookEventMeaning({ event: 'conversation_status_changed', id: 77 }, DELIVERED).action).toBe('invalid');
  });
});

describe('bounded', () => {
  it('never leaves half a surrogate pair', () => {
    expect(bounded('ab👋', 3)).toBe('ab');
    expect(bounded('ab👋', 4)).toBe('ab👋');
    expect(bounded('abc', 5)).toBe('abc');
  });
});
