/**
 * Input parsing shared by the delivery-operations routes (deliveries, dead letters, replay): valibot schemas for
 * the query filters and the replay body; a bad value is `validation_failed` naming each field.
 */
import * as v from 'valibot';
import { DEFAULT_LIMIT, MAX_LIMIT } from '../../../core/admin/keyset-cursor';
import { AppError } from '../../../core/errors';
import { DESTINATIONS } from '../../../core/messages';

const LeadId = v.pipe(v.string(), v.regex(/^lead_[A-Za-z0-9]{1,40}$/, 'must be a lead id (lead_…)'));
const DeadLetterId = v.pipe(v.string(), v.regex(/^dl_[A-Za-z0-9]{1,40}$/, 'must be a dead letter id (dl_…)'));

export const ListQuerySchema = {
  destination: v.optional(v.picklist(DESTINATIONS, `must be one of ${DESTINATIONS.join(', ')}`)),
  lead_id: v.optional(LeadId),
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,3}$/, `must be a whole number from 1 to ${MAX_LIMIT}`),
      v.transform(Number),
      v.minValue(1, `must be a whole number from 1 to ${MAX_LIMIT}`),
      v.maxValue(MAX_LIMIT, `must be a whole number from 1 to ${MAX_LIMIT}`),
    ),
    String(DEFAULT_LIMIT),
  ),
  cursor: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(200))),
};

/** The console's replay: the same filters as POST /v1/ops/replay (combined with AND), at least one. */
export const AdminReplaySchema = v.pipe(
  v.strictObject({
    id: v.optional(DeadLetterId),
    destination: v.optional(v.picklist(DESTINATIONS, `must be one of ${DESTINATIONS.join(', ')}`)),
    lead_id: v.optional(LeadId),
  }),
  v.check(
    (body) => body.id !== undefined || body.destination !== undefined || body.lead_id !== undefined,
    'name an id, a destination or a lead_id',
  ),
);

function invalid(what: string, issues: v.BaseIssue<unknown>[]): AppError {
  const list = issues.map((issue) => ({ path: issue.path?.map((item) => String(item.key)).join('.') || 'body', message: issue.message }));
  const first = list[0];
  return new AppError('validation_failed', `invalid ${what}: ${first?.path ?? ''} ${first?.message ?? ''}`.trim(), {
    details: { issues: list },
  });
}

/** Parses the query string against `schema`; unknown parameters are refused (a typo must not mean "no filter"). */
export function parseQuery<S extends v.GenericSchema>(schema: S, query: Record<string, string>): v.InferOutput<S> {
  const parsed = v.safeParse(schema, query);
  if (!parsed.success) throw invalid('query', parsed.issues);
  return parsed.output;
}

export function parseBody<S extends v.GenericSchema>(schema: S, body: unknown): v.InferOutput<S> {
  const parsed = v.safeParse(schema, body);
  if (!parsed.success) throw invalid('request', parsed.issues);
  return parsed.output;
}

/** A parsed list query as the core list functions take it (absent filters left out). */
export function listFilter<Status extends string>(query: {
  limit: number;
  destination?: string | undefined;
  lead_id?: string | undefined;
  status?: Status | undefined;
  cursor?: string | undefined;
}): { limit: number; destination?: string; leadId?: string; status?: Status; cursor?: string } {
  return {
    limit: query.limit,
    ...(query.destination ? { destination: query.destination } : {}),
    ...(query.lead_id ? { leadId: query.lead_id } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.cursor ? { cursor: query.cursor } : {}),
  };
}
