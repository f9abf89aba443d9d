/**
 * A destination's answer to a deletion, written by its consumer: the destination's row, then the audit row is
 * completed once no destination is pending any more (one transaction, so two consumers finishing together
 * cannot both leave it pending).
 */
import type { Database } from '../../db';
import { runStatements } from '../../statements';

export type DeletionDestinationStatus = 'deleted' | 'not_found' | 'failed';

export interface DeletionAnswer {
  tenantId: string;
  deletionId: string;
  destination: string;
  target: number;
  status: DeletionDestinationStatus;
  error: string | null;
}

export async function recordDeletionAnswer(db: Database, answer: DeletionAnswer, now: number): Promise<void> {
  const key = [answer.tenantId, answer.deletionId];
  await runStatements(db, [
    {
      // A redelivered message finds the record gone (not_found): that does not undo "deleted".
      sql: `UPDATE deletion_destinations SET status = CASE WHEN status = 'deleted' AND ?5 = 'not_found' THEN status ELSE ?5 END,
          error = CASE WHEN status = 'deleted' AND ?5 = 'not_found' THEN error ELSE ?6 END, updated_at = ?7
        WHERE tenant_id = ?1 AND deletion_id = ?2 AND destination = ?3 AND target = ?4`,
      params: [...key, answer.destination, answer.target, answer.status, answer.error?.slice(0, 500) ?? null, now],
    },
    {
      sql: `UPDATE deletions SET status = 'completed', completed_at = ?3
        WHERE tenant_id = ?1 AND id = ?2 AND completed_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM deletion_destinations WHERE tenant_id = ?1 AND deletion_id = ?2 AND status = 'pending')`,
      params: [...key, now],
    },
  ]);
}
