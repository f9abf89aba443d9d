/**
 * Queue health for one tenant (GET /v1/admin/queues), from what LeadTrail itself records in D1. A Worker cannot
 * count one tenant's messages inside a Cloudflare Queue (the queues are shared by every tenant; the platform's
 * backlog is account-wide: the GraphQL Analytics API's `queueBacklogAdaptiveGroups`), so each number says
 * exactly what it counts (README "Console" → "Queue health"):
 *
 * - `events`: backlog = lead changes the ingest consumer stored but has not yet handed to the destination queues
 *   (the `lead_changes` outbox, `fanned_out_at` NULL); its oldest age; the newest stored raw event's arrival.
 * - `chatwoot`, `crm`, `notify`: backlog = unfinished deliveries of the queue's destinations: a lease held right
 *   now (in flight), or a failure recorded on the lead's claim and neither delivered since nor dead-lettered (the
 *   message waits in the queue for its retry). A message not attempted yet is not in D1 and not counted.
 * - dead letters: open = not replayed, per queue they failed on (their `-dlq` counted with the queue).
 */
import { and, count, eq, gte, isNotNull, isNull, max, min, or, sql } from 'drizzle-orm';
import type { Database } from '../db';
import { DESTINATIONS, type Destination, QUEUE_OF_DESTINATION } from '../messages';
import { deadLetters, deliveries, deliveryClaims, leadChanges, rawEvents } from '../schema';
import type { TenantConfig } from '../tenants';

export const HEALTH_QUEUES = ['events', 'chatwoot', 'crm', 'notify'] as const;
export type HealthQueue = (typeof HEALTH_QUEUES)[number];

export interface QueueHealth {
  queue: HealthQueue;
  /** What `backlog` counts: the outbox of lead changes (events) or unfinished deliveries (destination queues). */
  backlog_of: 'lead_changes_not_fanned_out' | 'unfinished_deliveries';
  backlog: number;
  /** Seconds since the oldest counted item was written (its last attempt, for a delivery waiting to retry). */
  oldest_age_seconds: number | null;
  /** Destination queues: deliveries whose lease is held right now. */
  in_flight: number;
  dead_letters_open: number;
  /** events: the newest stored raw event's arrival at the collector; destination queues: the last success. */
  last_activity_at: string | null;
}

export interface DestinationHealth {
  destination: Destination;
  target: number;
  /** Which entry: the webhook's host or the notification kind; the destination name otherwise. */
  label: string;
  /** False when only history names it (the tenant config no longer has it). */
  configured: boolean;
  queue: 'chatwoot' | 'crm' | 'notify';
  last_success_at: string | null;
  /** Dead letters created in the last 24 hours (open or already replayed). */
  failures_24h: number;
  /** Deliveries currently waiting for a retry or in flight (see QueueHealth.backlog). */
  unfinished: number;
  dead_letters_open: number;
}

export interface QueueHealthReport {
  generated_at: string;
  queues: QueueHealth[];
  destinations: DestinationHealth[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

interface Target {
  destination: Destination;
  target: number;
  label: string;
  configured: boolean;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The destination targets the tenant configures, in config order. */
export function configuredTargets(tenant: TenantConfig): Target[] {
  const targets: Target[] = [];
  const single = (destination: Destination) => targets.push({ destination, target: 0, label: destination, configured: true });
  if (tenant.chatwoot) single('chatwoot');
  if (tenant.hubspot) single('hubspot');
  if (tenant.pipedrive) single('pipedrive');
  if (tenant.salesforce) single('salesforce');
  tenant.webhooks.forEach((hook, target) => targets.push({ destination: 'webhook', target, label: hostOf(hook.url), configured: true }));
  tenant.notify.forEach((entry, target) => targets.push({ destination: 'notify', target, label: entry.kind, configured: true }));
  return targets;
}

function isDestination(value: string | null): value is Destination {
  return value !== null && (DESTINATIONS as readonly string[]).includes(value);
}

const keyOf = (destination: string, target: number) => `${destination}\u0000${target}`;
const iso = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : new Date(ms).toISOString());
const ageSeconds = (now: number, since: number | null | undefined) =>
  since === null || since === undefined ? null : Math.max(0, Math.floor((now - since) / 1000));

function unfinishedClaims(db: Database, tenantId: string, now: number) {
  // A failure followed by a dead letter is finished (the dead letter is the outcome); one followed by a replay is not.
  const deadLettered = sql`EXISTS (SELECT 1 FROM ${deadLetters} d WHERE d.tenant_id = ${deliveryClaims.tenantId}
      AND d.destination = ${deliveryClaims.destination} AND d.target = ${deliveryClaims.target}
      AND d.lead_id = ${deliveryClaims.leadId} AND d.replayed_at IS NULL AND d.created_at >= ${deliveryClaims.updatedAt})`;
  return db
    .select({
      destination: deliveryClaims.destination,
      target: deliveryClaims.target,
      unfinished: count(),
      oldest: min(deliveryClaims.updatedAt),
      inFlight: sql<number>`SUM(CASE WHEN ${deliveryClaims.claimedUntil} > ${now} THEN 1 ELSE 0 END)`,
    })
    .from(deliveryClaims)
    .where(
      and(
        eq(deliveryClaims.tenantId, tenantId),
        or(isNotNull(deliveryClaims.claimedUntil), isNotNull(deliveryClaims.lastError)),
        sql`NOT ${deadLettered}`,
      ),
    )
    .groupBy(deliveryClaims.destination, deliveryClaims.target);
}

function openDeadLetters(db: Database, tenantId: string) {
  return db
    .select({ queue: deadLetters.queue, destination: deadLetters.destination, target: deadLetters.target, open: count() })
    .from(deadLetters)
    .where(and(eq(deadLetters.tenantId, tenantId), isNull(deadLetters.replayedAt)))
    .groupBy(deadLetters.queue, deadLetters.destination, deadLetters.target);
}

function recentFailures(db: Database, tenantId: string, now: number) {
  return db
    .select({ destination: deadLetters.destination, target: deadLetters.target, failures: count() })
    .from(deadLetters)
    .where(and(eq(deadLetters.tenantId, tenantId), gte(deadLetters.createdAt, now - DAY_MS), isNotNull(deadLetters.destination)))
    .groupBy(deadLetters.destination, deadLetters.target);
}

async function lastSuccess(db: Database, tenantId: string, target: Target): Promise<number | null> {
  const [row] = await db
    .select({ at: max(deliveries.at) })
    .from(deliveries)
    .where(and(eq(deliveries.tenantId, tenantId), eq(deliveries.destination, target.destination), eq(deliveries.target, target.target)));
  return row?.at ?? null;
}

async function outbox(db: Database, tenantId: string) {
  const [pending] = await db
    .select({ backlog: count(), oldest: min(leadChanges.at) })
    .from(leadChanges)
    .where(and(eq(leadChanges.tenantId, tenantId), isNull(leadChanges.fannedOutAt)));
  const [newest] = await db
    .select({ at: max(rawEvents.receivedAt) })
    .from(rawEvents)
    .where(eq(rawEvents.tenantId, tenantId));
  return { backlog: pending?.backlog ?? 0, oldest: pending?.oldest ?? null, lastEvent: newest?.at ?? null };
}

export async function queueHealth(db: Database, tenant: TenantConfig, now = Date.now()): Promise<QueueHealthReport> {
  const [claims, open, failures, events] = await Promise.all([
    unfinishedClaims(db, tenant.id, now),
    openDeadLetters(db, tenant.id),
    recentFailures(db, tenant.id, now),
    outbox(db, tenant.id),
  ]);
  // Targets: the configured ones, plus any history still names (a removed webhook with open dead letters).
  const targets = new Map(configuredTargets(tenant).map((target) => [keyOf(target.destination, target.target), target]));
  for (const row of [...claims, ...open, ...failures]) {
    if (!isDestination(row.destination) || row.target === null) continue;
    const key = keyOf(row.destination, row.target);
    if (!targets.has(key))
      targets.set(key, { destination: row.destination, target: row.target, label: row.destination, configured: false });
  }
  const successes = await Promise.all([...targets.values()].map((target) => lastSuccess(db, tenant.id, target)));
  const destinations: DestinationHealth[] = [...targets.values()].map((target, index) => {
    const key = keyOf(target.destination, target.target);
    const claim = claims.find((row) => keyOf(row.destination, row.target) === key);
    return {
      ...target,
      queue: QUEUE_OF_DESTINATION[target.destination],
      last_success_at: iso(successes[index]),
      failures_24h: failures.find((row) => row.destination !== null && keyOf(row.destination, row.target ?? -1) === key)?.failures ?? 0,
      unfinished: claim?.unfinished ?? 0,
      dead_letters_open: open
        .filter((row) => row.destination !== null && keyOf(row.destination, row.target ?? -1) === key)
        .reduce((sum, row) => sum + row.open, 0),
    };
  });
  const queues: QueueHealth[] = HEALTH_QUEUES.map((queue) => {
    const deadOpen = open.filter((row) => row.queue.replace(/-dlq$/, '') === queue).reduce((sum, row) => sum + row.open, 0);
    if (queue === 'events') {
      return {
        queue,
        backlog_of: 'lead_changes_not_fanned_out',
        backlog: events.backlog,
        oldest_age_seconds: ageSeconds(now, events.oldest),
        in_flight: 0,
        dead_letters_open: deadOpen,
        last_activity_at: iso(events.lastEvent),
      };
    }
    const mine = claims.filter((row) => isDestination(row.destination) && QUEUE_OF_DESTINATION[row.destination] === queue);
    const oldest = mine.reduce<number | null>(
      (low, row) => (row.oldest !== null && (low === null || row.oldest < low) ? row.oldest : low),
      null,
    );
    const lastAt = destinations
      .filter((row) => row.queue === queue && row.last_success_at !== null)
      .reduce<string | null>(
        (latest, row) => (latest === null || (row.last_success_at ?? '') > latest ? row.last_success_at : latest),
        null,
      );
    return {
      queue,
      backlog_of: 'unfinished_deliveries',
      backlog: mine.reduce((sum, row) => sum + row.unfinished, 0),
      oldest_age_seconds: ageSeconds(now, oldest),
      in_flight: mine.reduce((sum, row) => sum + Number(row.inFlight ?? 0), 0),
      dead_letters_open: deadOpen,
      last_activity_at: lastAt,
    };
  });
  return { generated_at: new Date(now).toISOString(), queues, destinations };
}
