import { beforeAll, describe, expect, it } from 'vitest';
import { adminFetch } from '../../../test/admin';
import { seedJune } from '../../../test/funnel-dataset';
import { expectDocumentedResponse } from '../../../test/openapi-responses';

async function get(url: string) {
  const response = await adminFetch('acme', url, { role: 'viewer' });
  await expectDocumentedResponse(response, 'GET', url);
  expect(response.status).toBe(200);
  return response.json<{
    points: { period_start: string; visits: number; leads: number; mql: number; sql: number }[];
    current: Record<string, unknown>;
    previous: Record<string, unknown>;
    change: Record<string, number | null>;
  }>();
}

describe('GET /v1/admin/trends', () => {
  beforeAll(async () => {
    await seedJune('acme');
  });

  it('gives one point per day, each stage on the day it was first reached', async () => {
    const body = await get('/v1/admin/trends?interval=day&from=2026-06-01&to=2026-06-07');
    expect(body.points.map((point) => point.period_start)).toEqual([1, 2, 3, 4, 5, 6, 7].map((day) => `2026-06-0${day}T00:00:00.000Z`));
    expect(body.points.map((point) => [point.visits, point.leads, point.mql, point.sql])).toEqual([
      [0, 0, 0, 0],
      [2, 1, 0, 0],
      [1, 1, 1, 1],
      [0, 0, 1, 0],
      [1, 0, 0, 0],
      [0, 0, 0, 1],
      [0, 0, 0, 0],
    ]);
    // Nothing in the 7 days before: every change is null.
    expect(Object.values(body.change).every((value) => value === null)).toBe(true);
  });

  it('compares a week with the week before', async () => {
    const body = await get('/v1/admin/trends?interval=week&from=2026-06-08&to=2026-06-14');
    expect(body.points).toEqual([{ period_start: '2026-06-08T00:00:00.000Z', visitors: 3, visits: 4, leads: 2, mql: 1, sql: 0 }]);
    expect(body.current).toMatchObject({ visits: 4, leads: 2, mql: 1, sql: 0, mql_to_sql: 0 });
    expect(body.previous).toMatchObject({ visits: 4, leads: 2, mql: 2, sql: 2, mql_to_sql: 1 });
    expect(body.change).toEqual({ visits: 0, visitors: 0, leads: 0, mql: -0.5, sql: -1, mql_to_sql: -1, cost_per_sql: null });
  });
});
