import { describe, expect, it } from 'vitest';
import { type ErrorEnvelope, batch, event, postEvents, recordingQueue, touch } from '../test/fixtures';
import type { EventMessage } from './events';

/**
 * What a test may print: JSON.stringify writes a lone surrogate as an escape (`\\ud83d`). A failure message
 * carrying a raw one breaks the test runner's own UTF-8 channel.
 */
const printable = (value: unknown): string => JSON.stringify(value);

/** JSON.stringify turns Infinity into null; the wire can still carry 1e309, which JSON.parse reads as Infinity. */
function withRawNumber(body: unknown, placeholder: string, raw: string): string {
  return JSON.stringify(body).replace(JSON.stringify(placeholder), raw);
}

describe('POST /v1/events refuses, whole and unqueued, input that would not survive storage:', () => {
  const cases: { title: string; body: () => unknown; path: string }[] = [
    { title: 'props as an array', body: () => batch([event({ props: [1] as unknown as Record<string, number> })]), path: 'events.0.props' },
    {
      title: 'traits as an array',
      body: () => batch([event({ type: 'identify', traits: [] as unknown as Record<string, string> })]),
      path: 'events.0.traits',
    },
    {
      title: 'click_ids as an array',
      body: () => batch([event({ first_touch: touch({ click_ids: [] as unknown as Record<string, string> }) })]),
      path: 'events.0.first_touch.click_ids',
    },
    {
      title: 'a prop number of 1e309 (Infinity)',
      body: () => withRawNumber(batch([event({ props: { n: 'INF' } })]), 'INF', '1e309'),
      path: 'events.0.props.n',
    },
    {
      title: 'a prop number of -1e309',
      body: () => withRawNumber(batch([event({ props: { n: 'INF' } })]), 'INF', '-1e309'),
      path: 'events.0.props.n',
    },
    {
      title: 'a trait key over 64 characters',
      body: () => batch([event({ type: 'identify', traits: { ['k'.repeat(65)]: 'v' } })]),
      path: `events.0.traits.${'k'.repeat(65)}`,
    },
    { title: 'NUL in a prop key', body: () => batch([event({ props: { 'a\u0000b': 1 } })]), path: 'events.0.props.a\u0000b' },
    {
      title: 'a lone surrogate in a prop key',
      body: () => batch([event({ props: { 'plan\uD83D': 1 } })]),
      path: 'events.0.props.plan\uD83D',
    },
    {
      title: 'a lone surrogate in a trait key',
      body: () => batch([event({ type: 'identify', traits: { '\uDE00k': 'v' } })]),
      path: 'events.0.traits.\uDE00k',
    },
    {
      title: 'a lone surrogate in a click id key',
      body: () => batch([event({ last_touch: touch({ click_ids: { 'g\uD800': 'x' } }) })]),
      path: 'events.0.last_touch.click_ids.g\uD800',
    },
    {
      title: 'NUL in an email',
      body: () => batch([event({ type: 'identify', traits: { email: 'ada\u0000@example.com' } })]),
      path: 'events.0.traits.email',
    },
  ];
  for (const testCase of cases) {
    it(testCase.title, async () => {
      const queue = recordingQueue();
      const response = await postEvents(testCase.body(), { env: { EVENTS_QUEUE: queue } });
      expect(response.status).toBe(400);
      const body = await response.json<ErrorEnvelope>();
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.details?.issues?.map((issue) => printable(issue.path))).toContain(printable(testCase.path));
      expect(queue.sent).toEqual([]);
    });
  }
});

describe('POST /v1/events makes free text storable', () => {
  it('replaces lone surrogates with U+FFFD and removes NUL, keeping pairs', async () => {
    const queue = recordingQueue();
    const response = await postEvents(
      batch([
        event({
          type: 'identify',
          name: 'signup\uD83D',
          title: 'Pricing 🚀 \uD83D', // the tracker cut an emoji in two
          url: 'https://www.acme.test/a\u0000b',
          props: { note: '\uDE80tail' },
          traits: { name: 'Ada\u0000 Lovelace', email: 'ada@example.com' },
          first_touch: touch({ utm_source: 'goo\u0000gle', click_ids: { gclid: 'x\uD800y' } }),
        }),
      ]),
      { env: { EVENTS_QUEUE: queue } },
    );
    expect(response.status).toBe(202);
    const stored = (queue.sent[0] as EventMessage | undefined)?.events[0]?.event;
    expect(
      printable([
        stored?.name,
        stored?.title,
        stored?.url,
        stored?.props,
        stored?.traits,
        stored?.first_touch?.utm_source,
        stored?.first_touch?.click_ids,
      ]),
    ).toBe(
      printable([
        'signup\uFFFD',
        'Pricing 🚀 \uFFFD',
        'https://www.acme.test/ab',
        { note: '\uFFFDtail' },
        { email: 'ada@example.com', name: 'Ada Lovelace' },
        'google',
        { gclid: 'x\uFFFDy' },
      ]),
    );
    expect(JSON.stringify(queue.sent)).not.toMatch(/\\u0000|\\ud8[0-9a-f]{2}|\\udc[0-9a-f]{2}/i);
  });
});
