/**
 * The local half of a GDPR deletion, in ONE transaction (one D1 batch): the audit row with the count of rows each
 * table holds of the person (counted in the same transaction, so the counts are what went), one pending row per
 * destination asked to delete, then every row of the person in every table (tables.ts). Either all of it happens
 * or none.
 */
import type { Database } from '../../db';
import { type Statement, runStatements } from '../../statements';
import type { Person } from './person';
import { PERSON_TABLES, PERSON_TABLE_NAMES } from './tables';

export interface AuditInput {
  id: string;
  tenantId: string;
  requestedBy: string;
  requestedAt: number;
  selectorKind: 'email' | 'tracking_id';
  selectorHash: string;
  destinations: { destination: string; target: number }[];
}

function highestParameter(sql: string): number {
  return Math.max(0, ...[...sql.matchAll(/\?(\d+)/g)].map((match) => Number(match[1])));
}

export type RowsDeleted = Record<string, number>;

export async function eraseLocally(db: Database, person: Person | null, audit: AuditInput): Promise<RowsDeleted> {
  const params = [audit.tenantId, JSON.stringify(person?.leadIds ?? []), JSON.stringify(person?.trackingIds ?? [])];
  const counts = PERSON_TABLE_NAMES.map((table) => `'${table}', (SELECT count(*) FROM ${table} WHERE ${PERSON_TABLES[table]})`).join(', ');
  const status = audit.destinations.length === 0 ? 'completed' : 'pending';
  const statements: Statement[] = [
    {
      sql: `INSERT INTO deletions (id, tenant_id, requested_by, requested_at, completed_at, status, selector_kind, selector_hash, rows_deleted)
        VALUES (?4, ?1, ?5, ?6, ?7, ?8, ?9, ?10, json_object(${counts})) RETURNING rows_deleted`,
      params: [
        ...params,
        audit.id,
        audit.requestedBy,
        audit.requestedAt,
        status === 'completed' ? audit.requestedAt : null,
        status,
        audit.selectorKind,
        audit.selectorHash,
      ],
    },
  ];
  if (audit.destinations.length > 0) {
    statements.push({
      sql: `INSERT INTO deletion_destinations (tenant_id, deletion_id, destination, target, status, updated_at)
        SELECT ?1, ?2, json_extract(value, '$[0]'), json_extract(value, '$[1]'), 'pending', ?3 FROM json_each(?4)`,
      params: [audit.tenantId, audit.id, audit.requestedAt, JSON.stringify(audit.destinations.map((d) => [d.destination, d.target]))],
    });
  }
  if (person !== null) {
    for (const table of PERSON_TABLE_NAMES) {
      const where = PERSON_TABLES[table];
      // D1 wants exactly as many bindings as the highest ?N the statement uses.
      statements.push({ sql: `DELETE FROM ${table} WHERE ${where}`, params: params.slice(0, highestParameter(where)) });
    }
  }
  const [inserted] = await runStatements(db, statements);
  const text = inserted?.[0]?.rows_deleted;
  return typeof text === 'string' ? (JSON.parse(text) as RowsDeleted) : {};
}
