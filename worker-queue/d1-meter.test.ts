import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../core/db';
import { runStatements } from '../core/statements';
import { meteredD1 } from './d1-meter';

describe('meteredD1', () => {
  it('counts single statements, batches, drizzle queries and raw statement batches, and returns real results', async () => {
    const meter = meteredD1(env.DB);
    expect(await meter.db.prepare('SELECT ?1 AS n').bind(7).first('n')).toBe(7);
    expect(meter.counter).toEqual({ statements: 1, roundTrips: 1 });
    const results = await meter.db.batch([meter.db.prepare('SELECT 1 AS n'), meter.db.prepare('SELECT ?1 AS n').bind(2)]);
    expect(results.map((result) => result.results)).toEqual([[{ n: 1 }], [{ n: 2 }]]);
    expect(meter.counter).toEqual({ statements: 3, roundTrips: 2 });
    const db = openDatabase(meter.db);
    expect(await db.all(sql`SELECT 3 AS n`)).toEqual([{ n: 3 }]);
    await runStatements(db, [
      { sql: 'SELECT 4 AS n', params: [] },
      { sql: 'SELECT ?1 AS n', params: [5] },
    ]);
    expect(meter.counter).toEqual({ statements: 6, roundTrips: 4 });
  });
});
