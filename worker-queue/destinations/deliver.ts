/**
 * The one delivery loop every destination uses (design §2, issue 8 item 4). A destination plugs in as
 *
 *   export const hubspotDestination = defineDestination({
 *     destination: 'hubspot',
 *     config: (tenant) => tenant.hubspot ?? null,        // null → not configured → dead letter
 *     payload: (snapshot, { config }) => ({ … }),        // PURE: hashed for the ledger (same lead → same hash)
 *     async deliver(ctx) { …; return { kind: 'done', remoteId } },  // may throw HttpFailure / PermanentFailure
 *   });
 *
 * and its queue's consumer is `createDeliveryConsumer([hubspotDestination, pipedriveDestination, …])`, registered
 * in worker-queue/index.ts. For each message the loop: validates it (malformed → dead letter), loads the lead
 * snapshot (following merges), skips a stale message (older than the delivered version), computes the payload and
 * its hash (identical payload already in the ledger → ack, no call), takes the per-lead claim (held elsewhere →
 * short retry), calls `deliver`, then: done → ledger row + ack; retry → `retry({ delaySeconds })` (backoff with
 * jitter, or Retry-After if longer); dead → dead letter with the provider's status and body, ack.
 * Messages of one lead in one batch run one after the other; different leads run concurrently.
 */
import * as v from 'valibot';
import { type Database, groupBy, openDatabase } from '../../core/db';
import { newId } from '../../core/ids';
import type { LeadSnapshot } from '../../core/lead-snapshot';
import { logger } from '../../core/log';
import { type DeliveryMessage, type Destination, DeletionMessageSchema, DeliveryMessageSchema } from '../../core/messages';
import { type TenantConfig, loadTenants } from '../../core/tenants';
import { meteredD1 } from '../d1-meter';
import { deadLetterOf, recordDeadLetters } from '../dead-letters';
import {
  type ClaimState,
  type DeliveryKey,
  type RemoteIds,
  isDelivered,
  payloadHash,
  readClaim,
  recordDelivered,
  releaseClaim,
  saveRemoteIds,
  takeClaim,
} from './ledger';
import { type EraseFunction, eraseMessage } from './erase';
import { type Outcome, outcomeOfError, retryDelaySeconds } from './outcome';
import { type AnswerListener, createAnswerLog } from './provider-answers';
import type { Logger, LoopDeps } from './loop-deps';
import { loadLeadSnapshot } from './snapshot';

/** What `payload()` may look at besides the snapshot: everything it needs to stay pure. */
export interface PayloadContext<Config> {
  tenant: TenantConfig;
  config: Config;
  message: DeliveryMessage;
}

/** What `deliver()` gets: the payload to send, what was sent before, and the remote ids stored so far. */
export interface DeliveryContext<Config, Payload> extends PayloadContext<Config> {
  db: Database;
  env: Env;
  snapshot: LeadSnapshot;
  payload: Payload;
  payloadHash: string;
  /** Our id of this delivery (e.g. HubSpot's objectWriteTraceId, a webhook's Idempotency-Key). */
  deliveryId: string;
  /** The last payload this destination accepted for this lead (null the first time): describe what changed. */
  previous: unknown;
  /** Remote ids saved by earlier attempts (`saveRemote`), e.g. `{ contact_id: 12 }`. */
  remote: RemoteIds;
  /** Persist remote ids the moment they exist, so a retry after a later failure does not create them again. */
  saveRemote(ids: RemoteIds): Promise<void>;
  /** Per-request timeout for `AbortSignal.timeout` in client.ts. */
  timeoutMs: number;
  /** Hand to the client's `onAnswer`: each provider answer, kept on the ledger row when the delivery succeeds. */
  recordAnswer: AnswerListener;
  now: number;
  log: Logger;
}

export interface DeliveryDestination<Config, Payload> {
  destination: Destination;
  /** The tenant's config of this destination (`target` = index for list-configured ones); null: not configured. */
  config(tenant: TenantConfig, target: number): Config | null;
  payload(snapshot: LeadSnapshot, context: PayloadContext<Config>): Payload;
  deliver(context: DeliveryContext<Config, Payload>): Promise<Outcome>;
  /** GDPR: delete what a `lead.deleted` message's remote ids name (./erase.ts). */
  erase?: EraseFunction<Config>;
}

/** A destination with its types erased, so one consumer can serve several (the `crm` queue). */
export interface RegisteredDestination {
  destination: Destination;
  handle(message: Message<unknown>, body: DeliveryMessage, deps: LoopDeps): Promise<void>;
  /** Handles a `lead.deleted` message (absent: the destination cannot delete, a dead letter says so). */
  erase?(message: Message<unknown>, body: v.InferOutput<typeof DeletionMessageSchema>, deps: LoopDeps): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** Short, jittered: another consumer is delivering this lead right now and will be done in seconds. */
const CLAIM_BUSY_DELAY = () => 2 + Math.floor(Math.random() * 4);

export function defineDestination<Config, Payload>(destination: DeliveryDestination<Config, Payload>): RegisteredDestination {
  const erase = destination.erase;
  return {
    destination: destination.destination,
    handle: (message, body, deps) => deliverMessage(destination, message, body, deps),
    ...(erase ? { erase: (message, body, deps) => eraseMessage(destination.config, erase, message, body, deps) } : {}),
  };
}

export function timeoutFrom(env: Env): number {
  const value = Number(env.DELIVERY_TIMEOUT_MS);
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_TIMEOUT_MS;
}

/** The queue consumer for a destination queue: `createDeliveryConsumer([chatwootDestination])`. */
export function createDeliveryConsumer(destinations: readonly RegisteredDestination[]) {
  const byName = new Map(destinations.map((item) => [item.destination, item]));
  return async function consumeDeliveries(batch: MessageBatch<unknown>, env: Env): Promise<void> {
    const meter = meteredD1(env.DB);
    const deps: LoopDeps = {
      db: openDatabase(meter.db),
      env,
      queue: batch.queue,
      tenants: loadTenants(env.TENANTS).byId,
      now: () => Date.now(),
      timeoutMs: timeoutFrom(env),
    };
    const valid: { message: Message<unknown>; body: DeliveryMessage; destination: RegisteredDestination }[] = [];
    const deletions: Promise<void>[] = [];
    for (const message of batch.messages) {
      if (isDeletion(message.body)) {
        deletions.push(eraseOne(byName, message, deps));
        continue;
      }
      const parsed = v.safeParse(DeliveryMessageSchema, message.body);
      const destination = parsed.success ? byName.get(parsed.output.destination) : undefined;
      if (!parsed.success || !destination) {
        const error = parsed.success
          ? `destination "${parsed.output.destination}" is not delivered from queue "${batch.queue}"`
          : `malformed delivery message: ${parsed.issues.map((issue) => issue.message).join('; ')}`;
        await deadLetter(deps, message, parsed.success ? parsed.output : null, { kind: 'dead', reason: error });
        message.ack();
        continue;
      }
      valid.push({ message, body: parsed.output, destination });
    }
    const groups = groupBy(
      valid,
      (item) => `${item.body.tenant_id}\u0000${item.body.destination}\u0000${item.body.target}\u0000${item.body.lead_id}`,
    );
    await Promise.all([
      ...deletions,
      ...[...groups.values()].map(async (group) => {
        for (const item of group) await item.destination.handle(item.message, item.body, deps);
      }),
    ]);
    // One line per batch: its D1 cost against the per-invocation query limit (`npm run bench` reads it).
    logger({ queue: batch.queue }).info('deliveries batch done', {
      messages: batch.messages.length,
      statements: meter.counter.statements,
      round_trips: meter.counter.roundTrips,
    });
  };
}

function isDeletion(body: unknown): boolean {
  return typeof body === 'object' && body !== null && Reflect.get(body, 'type') === 'lead.deleted';
}

/** A GDPR deletion message: validated, then the destination's erase (./erase.ts). */
async function eraseOne(byName: ReadonlyMap<Destination, RegisteredDestination>, message: Message<unknown>, deps: LoopDeps): Promise<void> {
  const parsed = v.safeParse(DeletionMessageSchema, message.body);
  const destination = parsed.success ? byName.get(parsed.output.destination) : undefined;
  if (parsed.success && destination?.erase) return destination.erase(message, parsed.output, deps);
  const reason = parsed.success
    ? `destination "${parsed.output.destination}" cannot delete from queue "${deps.queue}"`
    : `malformed deletion message: ${parsed.issues.map((issue) => issue.message).join('; ')}`;
  await recordDeadLetters(
    deps.db,
    deps.queue,
    [{ id: message.id, body: message.body, attempts: message.attempts, error: reason }],
    deps.now(),
  );
  message.ack();
}

async function deadLetter(deps: LoopDeps, message: Message<unknown>, body: DeliveryMessage | null, outcome: Outcome & { kind: 'dead' }) {
  const where = { destination: body?.destination ?? null, target: body?.target ?? null, leadId: body?.lead_id ?? null };
  await recordDeadLetters(deps.db, deps.queue, [deadLetterOf(message, where, outcome)], deps.now());
}

async function deliverMessage<Config, Payload>(
  destination: DeliveryDestination<Config, Payload>,
  message: Message<unknown>,
  body: DeliveryMessage,
  deps: LoopDeps,
): Promise<void> {
  const log = logger({
    queue: deps.queue,
    tenant: body.tenant_id,
    destination: body.destination,
    lead: body.lead_id,
    message_id: message.id,
  });
  try {
    const outcome = await attempt(destination, message, body, deps, log);
    if (outcome === 'ack') {
      message.ack();
    } else if (outcome.kind === 'retry') {
      const delaySeconds = retryDelaySeconds(message.attempts, outcome.retryAfterSeconds);
      log.warn(`delivery will be retried: ${outcome.reason}`, {
        status: outcome.status ?? null,
        attempts: message.attempts,
        delay_s: delaySeconds,
      });
      message.retry({ delaySeconds });
    } else if (outcome.kind === 'dead') {
      log.error(`delivery failed for good: ${outcome.reason}`, { status: outcome.status ?? null, attempts: message.attempts });
      await deadLetter(deps, message, body, outcome);
      message.ack();
    } else {
      message.ack();
    }
  } catch (error) {
    // Our own storage failed (D1): nothing was decided, so retry the message.
    log.error(`delivery loop error: ${String(error)}`, { attempts: message.attempts });
    message.retry({ delaySeconds: retryDelaySeconds(message.attempts, null) });
  }
}

async function attempt<Config, Payload>(
  destination: DeliveryDestination<Config, Payload>,
  message: Message<unknown>,
  body: DeliveryMessage,
  deps: LoopDeps,
  log: Logger,
): Promise<Outcome | 'ack'> {
  const { db } = deps;
  const tenant = deps.tenants.get(body.tenant_id);
  if (!tenant) return { kind: 'dead', reason: `unknown tenant "${body.tenant_id}"` };
  const config = destination.config(tenant, body.target);
  // Kept as a dead letter (not dropped): once the operator configures the destination, a replay delivers it.
  if (config === null)
    return { kind: 'dead', reason: `tenant "${tenant.id}" has no ${body.destination} configured (target ${body.target})` };
  const snapshot = await loadLeadSnapshot(db, tenant.id, body.lead_id);
  if (!snapshot) {
    log.info('lead no longer exists (deleted): nothing to deliver');
    return 'ack';
  }
  const key: DeliveryKey = { tenantId: tenant.id, destination: body.destination, target: body.target, leadId: snapshot.id };
  const before = await readClaim(db, key);
  // Versions compare only within one lead: a message for an absorbed lead carries that lead's version.
  if (before && snapshot.id === body.lead_id && body.lead_version < before.deliveredVersion) {
    log.info('stale message skipped', { lead_version: body.lead_version, delivered_version: before.deliveredVersion });
    return 'ack';
  }
  const payloadContext: PayloadContext<Config> = { tenant, config, message: body };
  const payload = destination.payload(snapshot, payloadContext);
  const hash = await payloadHash(payload);
  if (before?.deliveredHash === hash || (await isDelivered(db, key, hash))) return 'ack';
  const holder = message.id;
  const claim = await takeClaim(db, key, holder, deps.now(), leaseMs(deps.timeoutMs));
  if (!claim) return { kind: 'retry', reason: 'another consumer is delivering this lead', retryAfterSeconds: CLAIM_BUSY_DELAY() };
  if (await isDelivered(db, key, hash)) {
    await releaseClaim(db, key, holder, deps.now());
    return 'ack';
  }
  const deliveryId = newId('dlv');
  const answers = createAnswerLog();
  const outcome = await run(destination, {
    ...payloadContext,
    db,
    env: deps.env,
    snapshot,
    payload,
    hash,
    claim,
    key,
    holder,
    deliveryId,
    recordAnswer: answers.record,
    deps,
    log,
  });
  if (outcome.kind === 'done') {
    await recordDelivered(
      db,
      key,
      holder,
      {
        id: deliveryId,
        leadVersion: snapshot.version,
        hash,
        payload,
        remoteId: outcome.remoteId ?? null,
        attempts: message.attempts,
        replayOf: body.replay_of ?? null,
        answer: answers.summary(),
      },
      deps.now(),
    );
    log.info('delivered', { remote_id: outcome.remoteId ?? null, lead_version: snapshot.version });
    return outcome;
  }
  await releaseClaim(db, key, holder, deps.now(), { status: outcome.status ?? null, error: outcome.reason });
  return outcome;
}

function leaseMs(timeoutMs: number): number {
  // Long enough for a dozen sequential provider calls at the timeout, so a live delivery keeps its lease.
  return Math.max(60_000, timeoutMs * 12);
}

interface RunInput<Config, Payload> extends PayloadContext<Config> {
  db: Database;
  env: Env;
  snapshot: LeadSnapshot;
  payload: Payload;
  hash: string;
  claim: ClaimState;
  key: DeliveryKey;
  holder: string;
  deliveryId: string;
  recordAnswer: AnswerListener;
  deps: LoopDeps;
  log: Logger;
}

async function run<Config, Payload>(destination: DeliveryDestination<Config, Payload>, input: RunInput<Config, Payload>): Promise<Outcome> {
  let remote = input.claim.remoteIds;
  const context: DeliveryContext<Config, Payload> = {
    tenant: input.tenant,
    config: input.config,
    message: input.message,
    db: input.db,
    env: input.env,
    snapshot: input.snapshot,
    payload: input.payload,
    payloadHash: input.hash,
    deliveryId: input.deliveryId,
    previous: input.claim.deliveredPayload,
    remote,
    saveRemote: async (ids) => {
      remote = await saveRemoteIds(input.db, input.key, input.holder, ids, input.deps.now());
      context.remote = remote;
    },
    timeoutMs: input.deps.timeoutMs,
    recordAnswer: input.recordAnswer,
    now: input.deps.now(),
    log: input.log,
  };
  try {
    return await destination.deliver(context);
  } catch (error) {
    return outcomeOfError(error);
  }
}
