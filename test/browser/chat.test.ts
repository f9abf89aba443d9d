/**
 * The widget's chat on the chat tenant (test/browser/chat-tenant.ts), in real Chromium against the built bundles and
 * the suite's Worker, with Chatwoot played by the spec-validating fake (test/browser/chatwoot-server.ts):
 * questionnaire → the visitor's message on the lead's conversation (with its attribution and variant) → a signed agent
 * reply pushed into the open widget → the history after a reload → a message typed offline, sent once.
 */
import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import { describe, inject, it } from 'vitest';
import { bucket } from '../../widget/src/variant';
import { CHAT_SECRETS } from './chat-tenant';
import { type BrowserContext, LOCAL, PORT, type Page, humanContext, until, useBrowser } from './harness';

useBrowser();

const HOST = `chat.localhost:${PORT}`;
const ORIGIN = LOCAL.replace('localhost', 'chat.localhost');
const FAKE = `http://127.0.0.1:${inject('chatwootPort')}/chatwoot`;

interface Conversation {
  id: number;
  custom_attributes: Record<string, unknown>;
  labels: string[];
  messages: { id: number; content: string; message_type: string; private: boolean }[];
}

const conversations = async (): Promise<Conversation[]> =>
  ((await (await fetch(`${FAKE}/__state`)).json()) as { accounts: Record<string, { conversations: Conversation[] }> }).accounts['1']!
    .conversations;

const conversationOf = async (id: string): Promise<Conversation | undefined> =>
  (await conversations()).find((c) => c.custom_attributes.lt_tracking_id == id);

const incoming = (c: Conversation | undefined, text: string) =>
  c?.messages.filter((m) => m.message_type == 'incoming' && m.content == text) ?? [];

/** A visitor the tracker adopts from its cookie, in variant "b", arriving from a paid-search campaign. */
const visit = async (): Promise<{ ctx: BrowserContext; page: Page; id: string }> => {
  let id = '';
  while (!id || bucket(id) >= 50) id = 'ct' + crypto.randomUUID().replace(/-/g, '');
  const ctx = await humanContext();
  await ctx.addCookies([{ name: '_lt_id', value: id, domain: 'chat.localhost', path: '/' }]);
  const page = await ctx.newPage();
  await page.goto(`${ORIGIN}/widget.html?utm_source=google&utm_medium=cpc&utm_campaign=chat-spring`);
  return { ctx, page, id };
};

const dialog = (page: Page) => page.getByRole('dialog', { name: 'Ana from Acme' });
const log = (page: Page) => dialog(page).getByRole('log');
const composer = (page: Page) => dialog(page).getByRole('textbox', { name: 'Write a message' });

const say = async (page: Page, text: string): Promise<void> => {
  await composer(page).fill(text);
  await composer(page).press('Enter');
};

/** Chatwoot's webhook for an agent's reply, signed with the tenant's secret, to the suite's Worker (Host: chat.localhost). */
const agentReplies = (conversationId: number, content: string): Promise<number> => {
  const body = JSON.stringify({
    event: 'message_created',
    id: Math.floor(Math.random() * 1e9),
    content,
    created_at: new Date().toISOString(),
    message_type: 'outgoing',
    content_type: 'text',
    private: false,
    sender: { id: 3, name: 'Maria Agent', available_name: 'Maria', type: 'user' },
    conversation: { id: conversationId, status: 'open' },
    account: { id: 1 },
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', CHAT_SECRETS.CHATWOOT_WEBHOOK_CHAT).update(`${timestamp}.${body}`).digest('hex');
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: PORT,
        method: 'POST',
        path: '/v1/webhooks/chatwoot',
        headers: {
          host: HOST,
          'content-type': 'application/json',
          'x-chatwoot-signature': `sha256=${signature}`,
          'x-chatwoot-timestamp': timestamp,
          'x-chatwoot-delivery': crypto.randomUUID(),
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
};

/** Opens the widget and answers its one question: the chat's composer is next. */
const questionnaire = async (page: Page, id: string): Promise<void> => {
  await page.getByRole('button', { name: 'Questions? Chat with us' }).click();
  await dialog(page).getByRole('textbox', { name: 'Where can we reach you?' }).fill(`${id}@example.com`);
  await dialog(page).getByRole('button', { name: 'Next' }).click();
  await composer(page).waitFor();
};

/** The lead's conversation once the visitor's `text` is on it. */
const conversationWith = (id: string, text: string): Promise<Conversation> =>
  until(
    async () => {
      const c = await conversationOf(id);
      return incoming(c, text).length ? c : undefined;
    },
    `"${text}" in the Chatwoot fake`,
    40_000,
  );

describe.concurrent('widget chat', () => {
  it('questionnaire → message on the attributed conversation → agent reply live → history after reload', async ({ expect }) => {
    const { ctx, page, id } = await visit();
    await questionnaire(page, id);
    expect(await log(page).textContent()).toContain('an agent will answer');

    await say(page, 'Hi! Do you integrate with HubSpot?');
    const conversation = await conversationWith(id, 'Hi! Do you integrate with HubSpot?');
    // The conversation carries the attribution, the A/B variant, and the questionnaire's note.
    expect(conversation.custom_attributes).toMatchObject({
      lt_first_utm_campaign: 'chat-spring',
      lt_channel: 'paid_search',
      lt_variant: 'b',
    });
    // The note names the answers; a chat that outran the ingest gets them in the next note.
    await expect
      .poll(async () => (await conversationOf(id))?.messages.some((m) => m.private && m.content.includes(`${id}@example.com`)), {
        timeout: 20_000,
      })
      .toBe(true);
    await expect.poll(() => dialog(page).getByText('sending…').count()).toBe(0);

    // The requirement is "within 2 s": the reply must be in the open widget's log by then.
    expect(await agentReplies(conversation.id, 'Yes, both ways. Want a demo?')).toBe(200);
    await log(page).getByText('Yes, both ways. Want a demo?').waitFor({ timeout: 2_000 });

    // A reload (or the next page) reopens the chat where it was, history from the server.
    await page.reload();
    await expect.poll(() => log(page).textContent(), { timeout: 15_000 }).toContain('Yes, both ways. Want a demo?');
    expect(await log(page).textContent()).toContain('Hi! Do you integrate with HubSpot?');
    await ctx.close();
  });

  it('a message typed offline is shown as sending, queued, and sent exactly once when back online', async ({ expect }) => {
    const { ctx, page, id } = await visit();
    await questionnaire(page, id);
    await ctx.setOffline(true);
    await say(page, 'Typed on the train');
    await dialog(page).getByText('sending…').waitFor();
    await ctx.setOffline(false);
    await page.evaluate(() => dispatchEvent(new Event('online')));
    await conversationWith(id, 'Typed on the train');
    await expect.poll(() => dialog(page).getByText('sending…').count()).toBe(0);
    // A reload shows it from the server, and sends nothing again.
    await page.reload();
    await expect.poll(() => log(page).textContent(), { timeout: 15_000 }).toContain('Typed on the train');
    expect(incoming(await conversationOf(id), 'Typed on the train')).toHaveLength(1);
    await ctx.close();
  });

  it("a visitor who knows another visitor's tracking id cannot get a token for it", async ({ expect }) => {
    const a = await visit();
    await questionnaire(a.page, a.id);
    const b = await visit();
    const answer = await b.page.evaluate(async (victim) => {
      const r = await fetch('/v1/chat/token', {
        method: 'POST',
        body: JSON.stringify({ tracking_id: victim, key: 'the-thiefs-own-key-0123456789' }),
      });
      return { status: r.status, body: (await r.json()) as { error?: { code: string } } };
    }, a.id);
    expect(answer.status).toBe(403);
    expect(answer.body.error?.code).toBe('forbidden');
    await a.ctx.close();
    await b.ctx.close();
  });
});
