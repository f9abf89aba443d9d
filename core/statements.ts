/**
 * Set-based SQL for the hot paths: a few hand-written statements whose rows travel in ONE JSON parameter
 * each (expanded by SQLite's `json_each`), run in one transaction per call on D1 or libSQL alike.
 * Why not drizzle here: drizzle's D1 `batch()` cannot run a raw `sql` query with parameters, and these
 * statements (INSERT … SELECT FROM json_each, UPDATE … FROM) are clearer as SQL than as builder calls.
 * Only SQL both engines accept (SQLite ≥ 3.33: json_each, json_extract, UPDATE … FROM).
 */
import type { Client, InValue } from '@libsql/client';
import type { Database } from './db';

export type SqlValue = string | number | null;

export interface Statement {
  sql: string;
  params: readonly SqlValue[];
}

export type Row = Record<string, SqlValue>;

/**
 * D1 caps a string or row at 2,000,000 bytes; one JSON parameter stays at half that, so a queue batch of
 * any size becomes a handful of statements (a batch is at most 100 messages of 64 KB).
 */
export const JSON_PARAM_BYTES = 1_000_000;

/** Tuples serialised into JSON arrays of at most `maxBytes` UTF-8 bytes each (at least one tuple each). */
export function jsonChunks(rows: readonly unknown[], maxBytes = JSON_PARAM_BYTES): string[] {
  const chunks: string[] = [];
  let part: string[] = [];
  let bytes = 2;
  for (const row of rows) {
    const text = JSON.stringify(row);
    const size = utf8Length(text) + 1;
    if (part.length > 0 && bytes + size > maxBytes) {
      chunks.push(`[${part.join(',')}]`);
      part = [];
      bytes = 2;
    }
    part.push(text);
    bytes += size;
  }
  if (part.length > 0) chunks.push(`[${part.join(',')}]`);
  return chunks;
}

export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

/** Counts what a run costs against D1's per-invocation query limit. */
export interface StatementCounter {
  statements: number;
  roundTrips: number;
}

/** Runs the statements in order as one transaction (one D1 batch) and returns each statement's rows. */
export async function runStatements(db: Database, statements: readonly Statement[], counter?: StatementCounter): Promise<Row[][]> {
  if (statements.length === 0) return [];
  if (counter) {
    counter.statements += statements.length;
    counter.roundTrips += 1;
  }
  const client = db.$client;
  if (isD1(client)) {
    const results = await client.batch<Row>(statements.map((s) => client.prepare(s.sql).bind(...s.params)));
    return results.map((result) => result.results);
  }
  const results = await client.batch(
    statements.map((s) => ({ sql: s.sql, args: s.params.map((value): InValue => value) })),
    'write',
  );
  return results.map((result) =>
    result.rows.map((row) => Object.fromEntries(result.columns.map((column, i) => [column, toSqlValue(row[i])]))),
  );
}

function isD1(client: D1Database | Client): client is D1Database {
  return 'prepare' in client;
}

function toSqlValue(value: unknown): SqlValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  return String(value);
}
