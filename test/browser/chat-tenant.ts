/**
 * The browser suite's chat tenant (`chat.localhost`): a one-question questionnaire (an email), a variant "b" for
 * half the visitors, and Chatwoot pointing at the suite's in-process Chatwoot fake (test/browser/chatwoot-server.ts),
 * with a webhook secret the tests sign agent replies with.
 */
export const CHAT_SECRETS = {
  CHAT_TOKEN_SECRET: 'browser-chat-token-secret',
  CHATWOOT_TOKEN_CHAT: 'browser-chatwoot-token',
  CHATWOOT_WEBHOOK_CHAT: 'browser-chatwoot-webhook-secret',
};

export const chatTenant = (chatwootBase: string) => ({
  name: 'Chat',
  hosts: ['chat.localhost'],
  serve_examples: true,
  chatwoot: {
    base_url: chatwootBase,
    account_id: 1,
    inbox_id: 1,
    token: 'CHATWOOT_TOKEN_CHAT',
    webhook_secret: 'CHATWOOT_WEBHOOK_CHAT',
  },
  widget: {
    greeting: 'Hi! One question and an agent is with you.',
    language: 'en',
    questions: [{ id: 'email', type: 'email', text: 'Where can we reach you?' }],
    variants: [{ id: 'b', weight: 50, greeting: 'Hello from variant b!' }],
    theme: { primary: '#1f4fd1', agent_name: 'Ana from Acme', launcher_text: 'Questions? Chat with us' },
  },
});
