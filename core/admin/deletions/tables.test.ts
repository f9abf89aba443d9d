import { env } from 'cloudflare:test';
import { getTableName, is } from 'drizzle-orm';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as schema from '../../schema';
import { NOT_PERSONAL_TABLES, PERSON_TABLE_NAMES } from './tables';

const classified = [...PERSON_TABLE_NAMES, ...Object.keys(NOT_PERSONAL_TABLES)].sort();

describe('GDPR deletion covers every table', () => {
  it('classifies every table of core/schema.ts: where a person’s rows are, or why it holds none', () => {
    const tables = Object.values(schema)
      .filter((value) => is(value, SQLiteTable))
      .map((table) => getTableName(table))
      .sort();
    expect(tables.length).toBeGreaterThan(10);
    expect(classified).toEqual(tables);
  });

  it('classifies every table the migrations create (a table only in SQL is not forgotten either)', async () => {
    const { results } = await env.DB.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%' ORDER BY name",
    ).all<{ name: string }>();
    expect(classified).toEqual(results.map((row) => row.name).sort());
  });
});
