import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db';
import { rows } from '../../test/db';
import { at, deliver, pageView, visitor, widget } from '../../test/funnel-dataset';
import { rebuildDimensions } from './rebuild';

const SELECT = `SELECT event_id, touch_channel, touch_source, touch_campaign, landing_page, variant FROM raw_events
  WHERE tenant_id = 'globex' ORDER BY event_id`;

describe('raw_events dimension columns', () => {
  it('are what a rebuild from the stored payloads gives (the ingest insert and the rebuild agree)', async () => {
    const ts = at('2026-05-04T10:00:00Z');
    const who = visitor('spring', ts);
    const odd = { ...visitor('spring', ts), touch: { ...who.touch, landing_url: 'https://www.acme.test/a#frag?x=1' } };
    const bare = { ...visitor(null, ts), touch: { ...who.touch, channel: 'email', utm_campaign: null, landing_url: null } };
    await deliver(
      'globex',
      [pageView(who, ts), pageView(odd, ts + 1), pageView(bare, ts + 2), ...widget(who, ts + 3, 'b', ['widget_opened'])],
      ts + 5000,
    );
    const stored = await rows<Record<string, string | null>>(SELECT);
    expect(stored.map((row) => row.landing_page).sort()).toEqual([
      'https://www.acme.test/a',
      'https://www.acme.test/spring',
      'https://www.acme.test/spring',
      null,
    ]);
    expect(stored.filter((row) => row.variant !== null).map((row) => row.variant)).toEqual(['b']);
    await env.DB.prepare(
      `UPDATE raw_events SET touch_channel = NULL, touch_source = NULL, touch_campaign = NULL, landing_page = NULL, variant = NULL WHERE tenant_id = 'globex'`,
    ).run();
    await rebuildDimensions(openDatabase(env.DB), 'globex');
    expect(await rows(SELECT)).toEqual(stored);
  });
});
