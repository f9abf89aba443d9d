import { describe, expect, it } from 'vitest';
import { type ErrorEnvelope, batch, callWorker, event, postEvents, recordingQueue } from '../test/fixtures';

const LONG = 'a'.repeat(64_000);

async function expectSmallError(response: Response, code: string): Promise<ErrorEnvelope> {
  const text = await response.text();
  expect(text.length, `${code} body of ${text.length} characters`).toBeLessThan(1024);
  const body = JSON.parse(text) as ErrorEnvelope;
  expect(body.error.code).toBe(code);
  return body;
}

describe('error messages that echo input', () => {
  it('bound a 64,000-character path in the 404', async () => {
    const body = await expectSmallError(await callWorker(new Request(`https://t.acme.test/${LONG}`)), 'not_found');
    expect(body.error.message).toContain('/aaaa');
    expect(body.error.message).toContain('…');
  });

  it('bound an unknown host', async () => {
    await expectSmallError(
      await callWorker(new Request(`https://${'a'.repeat(60).concat('.').repeat(200)}test/lt.js`)),
      'tenant_not_found',
    );
  });

  it('bound a refused origin', async () => {
    const response = await postEvents(batch([event()]), { origin: `https://${LONG}.test`, env: { EVENTS_QUEUE: recordingQueue() } });
    await expectSmallError(response, 'origin_not_allowed');
  });

  it('bound validation messages and paths built from keys and values', async () => {
    for (const body of [batch([event({ props: { [`k${'x'.repeat(60_000)}`]: 1 } })]), batch([event()], { consent: 'x'.repeat(60_000) })]) {
      const response = await postEvents(body, { env: { EVENTS_QUEUE: recordingQueue() } });
      expect(response.status).toBe(400);
      await expectSmallError(response, 'validation_failed');
    }
  });

  it('bound a JSON syntax error', async () => {
    const response = await postEvents(`{"sent_at": 1, "events": [${'x'.repeat(60_000)}]}`, { env: { EVENTS_QUEUE: recordingQueue() } });
    await expectSmallError(response, 'invalid_json');
  });
});
