import type { Stage } from './types';

export interface Thresholds {
  /** Score at or above which a lead is sales-qualified. */
  sql: number;
  /** Score at or above which a lead is marketing-qualified (below `sql`). */
  mql: number;
}

/** Design §4: SQL at ≥ 60, MQL at ≥ 30, else Unqualified. */
export const DEFAULT_THRESHOLDS: Thresholds = { sql: 60, mql: 30 };

export function stageOf(score: number, thresholds: Thresholds = DEFAULT_THRESHOLDS): Stage {
  if (score >= thresholds.sql) return 'SQL';
  if (score >= thresholds.mql) return 'MQL';
  return 'Unqualified';
}
