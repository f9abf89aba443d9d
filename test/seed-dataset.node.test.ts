import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { BackfillRequestSchema } from '../core/backfill';
import { generateDataset, SEED_DAYS } from '../scripts/seed/generate.mjs';

const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);

describe('npm run seed: the demo dataset', () => {
  const dataset = generateDataset({ now: NOW });

  it('is what the backfill endpoint accepts, 100 messages at a time', () => {
    for (let i = 0; i < dataset.messages.length; i += 100) {
      const result = v.safeParse(BackfillRequestSchema, { messages: dataset.messages.slice(i, i + 100) });
      expect(result.issues?.slice(0, 3) ?? []).toEqual([]);
    }
  });

  it('spans 60 days up to now, thousands of visits, unique event ids', () => {
    const times = dataset.messages.flatMap((message) => message.events.map((item) => item.ts));
    expect(Math.max(...times)).toBeLessThanOrEqual(NOW);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(NOW - SEED_DAYS * 86_400_000);
    expect(dataset.summary.visitors).toBeGreaterThan(3000);
    const ids = dataset.messages.flatMap((message) => message.events.map((item) => item.event.event_id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is deterministic for a day (a re-run stores nothing twice) and has spend for every paid campaign day', () => {
    const again = generateDataset({ now: NOW + 3_600_000 });
    expect(again.messages.slice(0, 50)).toEqual(dataset.messages.slice(0, 50));
    expect(new Set(dataset.spend.map((row) => row.campaign))).toEqual(
      new Set(['brand-search', 'generic-crm', 'retargeting-q4', 'abm-enterprise']),
    );
    expect(dataset.spend).toHaveLength(4 * SEED_DAYS);
  });

  it('has a bot spike in the last two days', () => {
    const bots = (fromDay: number, toDay: number) =>
      dataset.messages.filter(
        (message) =>
          message.request.bot &&
          message.request.received_at >= NOW - toDay * 86_400_000 &&
          message.request.received_at < NOW - fromDay * 86_400_000,
      ).length;
    expect(bots(0, 2)).toBeGreaterThan(5 * bots(2, 4));
  });
});
