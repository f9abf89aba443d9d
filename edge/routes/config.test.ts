import { describe, expect, it } from 'vitest';
import { callWorker } from '../../test/fixtures';

describe('GET /v1/config', () => {
  it("returns only the host's tenant's public settings", async () => {
    const acme = await callWorker(new Request('https://t.acme.test/v1/config', { headers: { origin: 'https://www.acme.test' } }));
    expect(acme.status).toBe(200);
    expect(await acme.json()).toEqual({ tenant: 'acme', consent_default: 'granted', honor_gpc: true, widget: null });
    const globex = await callWorker(new Request('https://t.globex.test/v1/config'));
    expect(await globex.json()).toMatchObject({ tenant: 'globex', consent_default: 'pending', honor_gpc: false });
  });

  it("refuses another tenant's page origin", async () => {
    const response = await callWorker(new Request('https://t.acme.test/v1/config', { headers: { origin: 'https://www.globex.test' } }));
    expect(response.status).toBe(403);
  });
});
