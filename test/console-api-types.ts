/**
 * The console's hand-written API types (console/src/api/types.ts) against the types the Worker answers with: the
 * console may import nothing outside console/ (scripts/check-boundaries.mjs), so its copy is checked here, at
 * compile time (`npm run typecheck`, root tsconfig). Each line says: what core returns is something the console
 * can read. A field renamed, retyped or dropped on either side fails the build, naming the line.
 */
import type * as ConsoleApi from '../console/src/api/types';
import type { DeadLetterView } from '../core/admin/dead-letters';
import type { DeliveryView } from '../core/admin/deliveries';
import type { Deletion } from '../core/admin/deletions/list';
import type { LeadDetail } from '../core/admin/leads/detail';
import type { LeadList } from '../core/admin/leads/list';
import type { LeadSummary } from '../core/admin/leads/summary';
import type { QueueHealthReport } from '../core/admin/queue-health';
import type { BreakdownRow, TrendPoint, Trends } from '../core/analytics/funnel';
import type { StoredAlert } from '../core/alerts/store';

/** Compiles only when `Actual` is assignable to `Expected`. */
type Readable<Expected, Actual extends Expected> = Actual;

/** What a route sends for a core type whose epoch-millisecond fields it writes as ISO strings (`iso()`). */
type IsoDates<T, K extends keyof T> = Omit<T, K> & Record<K, string>;

export type ConsoleReadsTheApi = [
  Readable<ConsoleApi.LeadSummary, LeadSummary>,
  Readable<ConsoleApi.LeadsPage, LeadList>,
  Readable<ConsoleApi.LeadDetail, LeadDetail>,
  Readable<ConsoleApi.Delivery, DeliveryView>,
  Readable<ConsoleApi.Delivery, LeadDetail['deliveries'][number]>,
  Readable<ConsoleApi.DeadLetter, DeadLetterView>,
  Readable<ConsoleApi.DeadLetter, LeadDetail['dead_letters'][number]>,
  Readable<ConsoleApi.BreakdownRow, BreakdownRow>,
  // edge/routes/admin/trends.ts and alerts.ts: the same objects with their times as ISO strings.
  Readable<ConsoleApi.TrendPoint, IsoDates<TrendPoint, 'period_start'>>,
  Readable<ConsoleApi.Trends, Omit<Trends, 'points'> & { interval: ConsoleApi.Interval; points: IsoDates<TrendPoint, 'period_start'>[] }>,
  Readable<ConsoleApi.Alert, IsoDates<StoredAlert, 'window_start' | 'window_end' | 'created_at' | 'notified_at'>>,
  Readable<ConsoleApi.QueueHealth, QueueHealthReport>,
  Readable<ConsoleApi.Deletion, Deletion>,
];
