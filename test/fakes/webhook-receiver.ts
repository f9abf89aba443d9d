/**
 * A tenant's webhook endpoint for the workerd tests. No spec file exists for LeadTrail's own webhooks, so the body
 * is checked against design §5/§3's shape (WEBHOOK_BODY_SCHEMA below: `{ type, lead: <lead snapshot>, sent_at }`),
 * and the signature with the receiver snippet the README documents (examples/webhook-receiver/verify.ts), so the
 * snippet is tested by every webhook delivery. Deliveries are deduplicated on `Idempotency-Key` like a careful
 * receiver does; `faults` answers 410, 429, 5xx or times out on demand.
 */
import { verifyLeadTrailWebhook } from '../../examples/webhook-receiver/verify';
import { FaultQueue, answerFault, json, record, type SeenRequest } from './faults';
import { schemaErrors } from './spec-validator';

const TOUCH = {
  type: ['object', 'null'],
  required: ['ts', 'channel'],
  properties: { ts: { type: 'number' }, channel: { type: 'string' } },
};

/** design §3: webhook bodies are `{ type: "lead.upserted" | "lead.stage_changed", lead: <lead snapshot>, sent_at }`. */
export const WEBHOOK_BODY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'lead', 'sent_at'],
  properties: {
    type: { enum: ['lead.upserted', 'lead.stage_changed'] },
    sent_at: { type: 'number' },
    stage_change: { type: 'object', required: ['from', 'to', 'score', 'at'] },
    lead: {
      type: 'object',
      required: [
        'v',
        'id',
        'tenant_id',
        'version',
        'tracking_id',
        'email',
        'score',
        'stage',
        'score_breakdown',
        'first_touch',
        'last_touch',
        'channel',
      ],
      properties: {
        v: { const: 1 },
        id: { type: 'string' },
        email: { type: ['string', 'null'] },
        score: { type: 'number' },
        stage: { enum: ['Unqualified', 'MQL', 'SQL'] },
        score_breakdown: { type: 'array', items: { type: 'object', required: ['rule', 'points', 'event_id'] } },
        first_touch: TOUCH,
        last_touch: TOUCH,
      },
    },
  },
};

/** A GDPR deletion notice (core/admin/deletions, worker-queue/destinations/webhook/erase.ts). */
export const LEAD_DELETED_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'lead', 'deletion_id', 'sent_at'],
  properties: {
    type: { const: 'lead.deleted' },
    deletion_id: { type: 'string' },
    sent_at: { type: 'number' },
    lead: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'merged_ids'],
      properties: { id: { type: 'string' }, merged_ids: { type: 'array', items: { type: 'string' } } },
    },
  },
};

export interface ReceivedWebhook {
  idempotencyKey: string;
  body: { type: string; lead: { id: string; email: string | null; score: number; stage: string }; sent_at: number };
}

export class WebhookReceiverFake {
  readonly requests: SeenRequest[] = [];
  readonly faults = new FaultQueue();
  /** Accepted deliveries, one per Idempotency-Key. */
  readonly received = new Map<string, ReceivedWebhook>();
  rejectedSignatures = 0;

  constructor(
    readonly url: string,
    private readonly secret: string,
  ) {}

  readonly handle = async (request: Request): Promise<Response> => {
    await record(request, this.requests);
    const fault = this.faults.take(request);
    if (fault) return answerFault(fault, request);
    if (request.method !== 'POST' || request.url !== this.url) return json({ error: 'not found' }, 404);
    if ((request.headers.get('content-type') ?? '').split(';')[0] !== 'application/json')
      return json({ error: 'expected application/json' }, 415);
    const key = request.headers.get('Idempotency-Key');
    if (!key) return json({ error: 'missing Idempotency-Key' }, 400);
    const body = await verifyLeadTrailWebhook(request, this.secret);
    if (body === null) {
      this.rejectedSignatures += 1;
      return json({ error: 'bad signature' }, 401);
    }
    const deletion = typeof body === 'object' && body !== null && Reflect.get(body, 'type') === 'lead.deleted';
    const problems = schemaErrors(deletion ? LEAD_DELETED_SCHEMA : WEBHOOK_BODY_SCHEMA, body);
    if (problems.length > 0) return json({ error: problems.join('; ') }, 422);
    if (!this.received.has(key)) this.received.set(key, { idempotencyKey: key, body: body as ReceivedWebhook['body'] });
    return json({ ok: true });
  };
}
