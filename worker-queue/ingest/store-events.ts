/**
 * Round trip 1: the events go into the immutable log (a redelivered or reused event id is ignored), and in
 * the same transaction the log's rows for every (tenant_id, event_id) of the batch are read back. Lead
 * state is folded from those stored rows only, never from the incoming messages: a reused event id cannot
 * change a lead, and events stored by an earlier delivery that failed before its lead writes are folded
 * again (the lead writes are idempotent).
 */
import { RAW_DIMENSION_COLUMNS, rawDimensionsSql } from '../../core/analytics/dimensions';
import type { Database } from '../../core/db';
import type { IngestEvent, Touch } from '../../core/events';
import { type Row, type Statement, type StatementCounter, jsonChunks, runStatements } from '../../core/statements';
import type { StoredEvent } from './fold';

// The console's dimension columns are derived from the payload in the same statement (core/analytics/dimensions.ts).
const INSERT_RAW = `INSERT INTO raw_events (tenant_id, event_id, type, name, tracking_id, session_id, ts, received_at, bot, payload,
  ${RAW_DIMENSION_COLUMNS.join(', ')})
SELECT e.*, ${rawDimensionsSql('e.payload', 'e.type').join(', ')}
FROM (SELECT json_extract(value, '$[0]') AS tenant_id, json_extract(value, '$[1]') AS event_id, json_extract(value, '$[2]') AS type,
  json_extract(value, '$[3]') AS name, json_extract(value, '$[4]') AS tracking_id, json_extract(value, '$[5]') AS session_id,
  json_extract(value, '$[6]') AS ts, json_extract(value, '$[7]') AS received_at, json_extract(value, '$[8]') AS bot,
  json_extract(value, '$[9]') AS payload FROM json_each(?)) AS e WHERE true
ON CONFLICT DO NOTHING`;

// json_each first (CROSS JOIN keeps that order), each row one primary-key lookup. Bots are stored, never folded.
// The payload comes back whole: JSON.parse in the Worker is cheaper than json_extract per field in SQLite.
const READ_BACK = `SELECT r.tenant_id, r.tracking_id, r.type, r.ts, r.payload
FROM json_each(?) AS j CROSS JOIN raw_events AS r
  ON r.tenant_id = json_extract(j.value, '$[0]') AND r.event_id = json_extract(j.value, '$[1]')
WHERE r.bot = 0`;

export async function storeEvents(db: Database, events: readonly IngestEvent[], counter?: StatementCounter): Promise<StoredEvent[]> {
  if (events.length === 0) return [];
  const rows = events.map((e) => [
    e.tenant_id,
    e.event.event_id,
    e.event.type,
    e.event.name ?? null,
    e.event.tracking_id,
    e.event.session_id,
    e.ts,
    e.request.received_at,
    // The collector folds a bot request into each event; a backfill (core/backfill.ts) may flag only the request.
    e.event.bot === true || e.request.bot ? 1 : 0,
    JSON.stringify({ event: e.event, request: e.request }),
  ]);
  const keys = new Map(events.map((e) => [`${e.tenant_id}\u0000${e.event.event_id}`, [e.tenant_id, e.event.event_id]]));
  const statements: Statement[] = [
    ...jsonChunks(rows).map((json) => ({ sql: INSERT_RAW, params: [json] })),
    ...jsonChunks([...keys.values()]).map((json) => ({ sql: READ_BACK, params: [json] })),
  ];
  const results = await runStatements(db, statements, counter);
  return results.flat().filter(isReadBackRow).map(toStoredEvent);
}

function isReadBackRow(row: Row): boolean {
  return 'tracking_id' in row;
}

/** The stored payload's event (what the collector validated); only the fields the fold reads. */
interface StoredPayload {
  event: { first_touch?: Touch | null; last_touch?: Touch | null; traits?: Record<string, unknown> };
  request?: { country?: string | null };
}

function toStoredEvent(row: Row): StoredEvent {
  const { event, request } = JSON.parse(String(row.payload)) as StoredPayload;
  const type = String(row.type);
  return {
    tenantId: String(row.tenant_id),
    trackingId: String(row.tracking_id),
    type,
    ts: Number(row.ts),
    firstTouch: event.first_touch ?? null,
    lastTouch: event.last_touch ?? null,
    traits: type === 'identify' ? (event.traits ?? null) : null,
    country: request?.country ?? null,
  };
}
