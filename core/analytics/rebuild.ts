/**
 * The dimension columns of raw_events are derived data: this rebuilds them from the stored payloads (after a change
 * of the rules in ./dimensions.ts, or to check them). Migration 0008 ran the same assignments over every row.
 */
import type { Database } from '../db';
import { runStatements } from '../statements';
import { RAW_DIMENSION_COLUMNS, rawDimensionsSql } from './dimensions';

export function dimensionAssignments(): string {
  const expressions = rawDimensionsSql('payload', 'type');
  return RAW_DIMENSION_COLUMNS.map((column, i) => `${column} = ${expressions[i]}`).join(', ');
}

export async function rebuildDimensions(db: Database, tenantId: string): Promise<void> {
  await runStatements(db, [{ sql: `UPDATE raw_events SET ${dimensionAssignments()} WHERE tenant_id = ?`, params: [tenantId] }]);
}
