import { describe, expect, it } from 'vitest';
import { callWorker } from '../../test/fixtures';

describe('GET /v1/config', () => {
  it("returns only the host's tenant's public settings", async () => {
    const acme = await callWorker(new Request('https://t.acme.test/v1/config', { headers: { origin: 'https://www.acme.test' } }));
    expect(acme.status).toBe(200);
    expect(await acme.json()).toEqual({ tenant: 'acme', consent_default: 'granted', honor_gpc: true, widget: null, chat: false });
    const globex = await callWorker(new Request('https://t.globex.test/v1/config'));
    expect(await globex.json()).toMatchObject({ tenant: 'globex', consent_default: 'pending', honor_gpc: false });
  });

  it("returns the tenant's questionnaire without answer points (they are scored on the server)", async () => {
    const response = await callWorker(new Request('https://t.initech.test/v1/config'));
    const body = await response.json<{ widget: { greeting: string; language: string; questions: { id: string; options?: object[] }[] } }>();
    expect(body.widget).toMatchObject({ greeting: 'Hola desde Initech!', language: 'es', trigger: { kind: 'click' } });
    expect(body.widget.questions.map((q) => q.id)).toEqual(['size', 'email']);
    expect(body.widget.questions[0]?.options?.[1]).toEqual({ label: '11-200', value: 'mid', next: 'email' });
    expect(JSON.stringify(body)).not.toContain('points');
  });

  it('says whether the widget offers a live chat (the tenant has Chatwoot)', async () => {
    const chat = await callWorker(new Request('https://t.inbound-a.test/v1/config'));
    expect(await chat.json()).toMatchObject({ tenant: 'inbound-a', chat: true });
  });

  it("refuses another tenant's page origin", async () => {
    const response = await callWorker(new Request('https://t.acme.test/v1/config', { headers: { origin: 'https://www.globex.test' } }));
    expect(response.status).toBe(403);
  });
});
