/** The deletions audit as the console lists it (GET /v1/admin/deletions), newest first, keyset paginated. */
import { sql } from 'drizzle-orm';
import type { Database } from '../../db';
import { TimeIdKeySchema, decodeOpaqueCursor, encodeOpaqueCursor } from '../opaque-cursor';

export interface Deletion {
  id: string;
  requested_by: string;
  requested_at: string;
  completed_at: string | null;
  status: 'pending' | 'completed';
  selector_kind: 'email' | 'tracking_id';
  rows_deleted: Record<string, number>;
  destinations: { destination: string; target: number; status: string; error: string | null }[];
}

interface DeletionRow {
  id: string;
  requested_by: string;
  requested_at: number;
  completed_at: number | null;
  status: 'pending' | 'completed';
  selector_kind: 'email' | 'tracking_id';
  rows_deleted: string;
  destinations: string;
}

const COLUMNS = sql`d.id, d.requested_by, d.requested_at, d.completed_at, d.status, d.selector_kind, d.rows_deleted,
  (SELECT json_group_array(json_object('destination', x.destination, 'target', x.target, 'status', x.status, 'error', x.error))
    FROM (SELECT * FROM deletion_destinations x WHERE x.tenant_id = d.tenant_id AND x.deletion_id = d.id
      ORDER BY x.destination, x.target) x) AS destinations`;

function deletionOf(row: DeletionRow): Deletion {
  return {
    id: row.id,
    requested_by: row.requested_by,
    requested_at: new Date(row.requested_at).toISOString(),
    completed_at: row.completed_at === null ? null : new Date(row.completed_at).toISOString(),
    status: row.status,
    selector_kind: row.selector_kind,
    rows_deleted: JSON.parse(row.rows_deleted) as Record<string, number>,
    destinations: JSON.parse(row.destinations) as Deletion['destinations'],
  };
}

export async function readDeletion(db: Database, tenantId: string, id: string): Promise<Deletion | null> {
  const [row] = await db.all<DeletionRow>(sql`SELECT ${COLUMNS} FROM deletions d WHERE d.tenant_id = ${tenantId} AND d.id = ${id}`);
  return row ? deletionOf(row) : null;
}

export async function listDeletions(
  db: Database,
  tenantId: string,
  page: { limit: number; cursor: string | undefined },
): Promise<{ deletions: Deletion[]; next_cursor: string | null }> {
  const after = page.cursor === undefined ? null : decodeOpaqueCursor(page.cursor, TimeIdKeySchema);
  const keyset = after ? sql`AND (d.requested_at < ${after[0]} OR (d.requested_at = ${after[0]} AND d.id < ${after[1]}))` : sql``;
  const rows = await db.all<DeletionRow>(sql`SELECT ${COLUMNS} FROM deletions d WHERE d.tenant_id = ${tenantId} ${keyset}
    ORDER BY d.requested_at DESC, d.id DESC LIMIT ${page.limit + 1}`);
  const shown = rows.slice(0, page.limit);
  const last = shown[shown.length - 1];
  return {
    deletions: shown.map(deletionOf),
    next_cursor: rows.length > page.limit && last ? encodeOpaqueCursor([last.requested_at, last.id]) : null,
  };
}
