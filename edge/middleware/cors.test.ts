import { describe, expect, it } from 'vitest';
import { type ErrorEnvelope, batch, callWorker, event, postEvents, recordingQueue } from '../../test/fixtures';

function varyOf(response: Response): string[] {
  return (response.headers.get('vary') ?? '').split(',').map((name) => name.trim().toLowerCase());
}

describe('Vary: Origin', () => {
  it('is on every /v1 response whose CORS headers depend on the Origin, also without one', async () => {
    const responses = [
      await callWorker(new Request('https://t.acme.test/v1/config')), // cacheable: a shared cache must not serve it cross-origin
      await callWorker(new Request('https://t.acme.test/v1/config', { headers: { origin: 'https://www.acme.test' } })),
      await callWorker(new Request('https://t.acme.test/v1/openapi.json')),
      await postEvents(batch([event()]), { origin: null, env: { EVENTS_QUEUE: recordingQueue() } }),
      await postEvents('{', { origin: null, env: { EVENTS_QUEUE: recordingQueue() } }),
      await postEvents(batch([event()]), { origin: 'https://www.globex.test', env: { EVENTS_QUEUE: recordingQueue() } }),
    ];
    for (const response of responses) expect(varyOf(response), `${response.status}`).toContain('origin');
    expect(responses[0]?.headers.get('cache-control')).toContain('public');
  });
});
