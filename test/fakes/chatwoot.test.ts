import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createChatwootFake } from './chatwoot';
import type { OpenApiDocument } from './openapi';

const spec = JSON.parse(env.CHATWOOT_SPEC) as OpenApiDocument;
const base = 'https://chatwoot.test/api/v1/accounts/1';

function fake() {
  return createChatwootFake({ spec, accounts: [{ id: 1, token: 'tok', inboxes: [5] }] });
}

function call(method: string, path: string, body?: unknown, headers: Record<string, string> = { api_access_token: 'tok' }) {
  const init: RequestInit = { method, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) } };
  if (body !== undefined) init.body = JSON.stringify(body);
  return new Request(`${base}${path}`, init);
}

describe('the Chatwoot fake', () => {
  it('rejects requests the spec rejects, and records why', async () => {
    const chatwoot = fake();
    const cases: [Request, RegExp][] = [
      [call('POST', '/contacts', { name: 'No inbox' }), /inbox_id/],
      [call('POST', '/contacts', { inbox_id: '5' }), /body #\/inbox_id/],
      [call('POST', '/contacts', { inbox_id: 5, phone: '+4930' }), /"phone" is not in the operation's schema/],
      [call('POST', '/contacts', { inbox_id: 5 }, {}), /api_access_token/],
      [call('GET', '/custom_attribute_definitions'), /attribute_model is required/],
      [call('POST', '/conversations/abc/labels', { labels: ['x'] }), /conversation_id must be a integer/],
      [call('POST', '/conversations/1/labels', { labels: 'x' }), /body #\/labels/],
      [call('POST', '/contacts/1/no_such_thing', {}), /no such operation/],
    ];
    for (const [request, why] of cases) {
      const before = chatwoot.violations.length;
      const response = await chatwoot.handle(request);
      expect(response.status, String(why)).toBeGreaterThanOrEqual(400);
      expect(chatwoot.violations.slice(before).join('\n')).toMatch(why);
    }
  });

  it('keeps identifier and email unique (422), merges contact attributes on PUT, replaces conversation sets', async () => {
    const chatwoot = fake();
    const created = await chatwoot.handle(
      call('POST', '/contacts', { inbox_id: 5, identifier: 'trk1', email: 'A@x.com', custom_attributes: { a: 1 } }),
    );
    expect(created.status).toBe(200);
    expect((await chatwoot.handle(call('POST', '/contacts', { inbox_id: 5, identifier: 'trk1' }))).status).toBe(422);
    expect((await chatwoot.handle(call('POST', '/contacts', { inbox_id: 5, email: 'a@x.com' }))).status).toBe(422);
    const [contact] = chatwoot.account(1).contacts;
    await chatwoot.handle(call('PUT', `/contacts/${contact?.id}`, { custom_attributes: { b: 2 } }));
    expect(contact?.custom_attributes).toEqual({ a: 1, b: 2 });
    await chatwoot.handle(call('POST', `/contacts/${contact?.id}/contact_inboxes`, { inbox_id: 5, source_id: 'src1' }));
    const conversation = await (
      await chatwoot.handle(call('POST', '/conversations', { source_id: 'src1', inbox_id: 5, custom_attributes: { x: 1 } }))
    ).json<{ id: number }>();
    await chatwoot.handle(call('POST', `/conversations/${conversation.id}/custom_attributes`, { custom_attributes: { y: 2 } }));
    await chatwoot.handle(call('POST', `/conversations/${conversation.id}/labels`, { labels: ['a', 'b'] }));
    await chatwoot.handle(call('POST', `/conversations/${conversation.id}/labels`, { labels: ['c'] }));
    expect(chatwoot.account(1).conversations[0]).toMatchObject({ custom_attributes: { y: 2 }, labels: ['c'] });
    expect(chatwoot.violations).toEqual([]);
    expect((await chatwoot.handle(call('GET', '/labels', undefined, { api_access_token: 'other' }))).status).toBe(401);
  });
});
