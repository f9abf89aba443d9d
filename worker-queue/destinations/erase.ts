/**
 * The delivery loop's deletion path: a `lead.deleted` message (core/messages.ts, sent by a GDPR deletion) is handed
 * to its destination's `erase`, which deletes what the message's remote ids name. The lead is gone locally, so no
 * snapshot, ledger or claim is involved. Deleted or already gone → the deletion's audit row is updated and the
 * message acked; retryable failures retry with backoff; a failure for good is a dead letter (replayable, holding
 * only ids) and the destination is marked failed.
 */
import { recordDeletionAnswer } from '../../core/admin/deletions/status';
import type { Database } from '../../core/db';
import { logger } from '../../core/log';
import type { DeletionMessage } from '../../core/messages';
import type { TenantConfig } from '../../core/tenants';
import { deadLetterOf, recordDeadLetters } from '../dead-letters';
import type { Logger, LoopDeps } from './loop-deps';
import { type Outcome, outcomeOfError, retryDelaySeconds } from './outcome';

export interface EraseContext<Config> {
  tenant: TenantConfig;
  config: Config;
  message: DeletionMessage;
  db: Database;
  env: Env;
  timeoutMs: number;
  now: number;
  log: Logger;
}

/** What a destination's erase found: it deleted something, or nothing it names exists (any more). */
export type Erased = 'deleted' | 'not_found';

export type EraseFunction<Config> = (context: EraseContext<Config>) => Promise<Erased>;

async function answer(deps: LoopDeps, body: DeletionMessage, status: Erased | 'failed', error: string | null): Promise<void> {
  await recordDeletionAnswer(
    deps.db,
    { tenantId: body.tenant_id, deletionId: body.deletion_id, destination: body.destination, target: body.target, status, error },
    deps.now(),
  );
}

async function attemptErase<Config>(
  config: (tenant: TenantConfig, target: number) => Config | null,
  erase: EraseFunction<Config>,
  body: DeletionMessage,
  deps: LoopDeps,
  log: Logger,
): Promise<Erased | Outcome> {
  const tenant = deps.tenants.get(body.tenant_id);
  if (!tenant) return { kind: 'dead', reason: `unknown tenant "${body.tenant_id}"` };
  const settings = config(tenant, body.target);
  if (settings === null)
    return { kind: 'dead', reason: `tenant "${tenant.id}" has no ${body.destination} configured (target ${body.target})` };
  try {
    return await erase({
      tenant,
      config: settings,
      message: body,
      db: deps.db,
      env: deps.env,
      timeoutMs: deps.timeoutMs,
      now: deps.now(),
      log,
    });
  } catch (error) {
    return outcomeOfError(error);
  }
}

export async function eraseMessage<Config>(
  config: (tenant: TenantConfig, target: number) => Config | null,
  erase: EraseFunction<Config>,
  message: Message<unknown>,
  body: DeletionMessage,
  deps: LoopDeps,
): Promise<void> {
  const log = logger({ queue: deps.queue, tenant: body.tenant_id, destination: body.destination, message_id: message.id });
  try {
    const outcome = await attemptErase(config, erase, body, deps, log);
    if (outcome === 'deleted' || outcome === 'not_found') {
      await answer(deps, body, outcome, null);
      log.info('deletion requested downstream', { deletion_id: body.deletion_id, result: outcome });
      message.ack();
    } else if (outcome.kind === 'retry') {
      log.warn(`deletion will be retried: ${outcome.reason}`, { status: outcome.status ?? null, attempts: message.attempts });
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts, outcome.retryAfterSeconds) });
    } else if (outcome.kind === 'dead') {
      log.error(`deletion failed for good: ${outcome.reason}`, { status: outcome.status ?? null });
      const where = { destination: body.destination, target: body.target, leadId: null };
      await recordDeadLetters(deps.db, deps.queue, [deadLetterOf(message, where, outcome)], deps.now());
      await answer(deps, body, 'failed', outcome.status ? `${outcome.reason}` : outcome.reason);
      message.ack();
    } else {
      message.ack();
    }
  } catch (error) {
    log.error(`deletion loop error: ${String(error)}`, { attempts: message.attempts });
    message.retry({ delaySeconds: retryDelaySeconds(message.attempts, null) });
  }
}
