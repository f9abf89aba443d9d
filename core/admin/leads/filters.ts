/**
 * The filters of the console's lead list and CSV export (GET /v1/admin/leads, /v1/admin/leads.csv), validated from
 * the query string. Choices (README "Console"): `channel` and `campaign` match the FIRST touch unless
 * `attribution=last`; `from`/`to` select on `last_seen` (leads active in the range) and apply only when given, so
 * a search by email or tracking id looks at all time. Every visitor is a lead row from its first event; `identified`
 * narrows the list to people who left an email or phone (`true`, what the funnel counts as leads) or to anonymous
 * visitors (`false`); absent, both are listed.
 */
import * as v from 'valibot';
import { AppError, clip } from '../../errors';
import { STAGES, type Stage } from '../../scoring/types';
import { TimeIdKeySchema, decodeOpaqueCursor } from '../opaque-cursor';
import type { DateRange } from '../../analytics/range';
import { optionalRange } from './range';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

const text = (max: number) => v.optional(v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(max)));
const integer = v.optional(v.pipe(v.string(), v.regex(/^-?\d{1,9}$/, 'must be an integer'), v.transform(Number)));

export const LeadQuerySchema = v.object({
  email: v.optional(v.pipe(v.string(), v.trim(), v.toLowerCase(), v.minLength(3), v.maxLength(320))),
  q: text(200),
  tracking_id: text(64),
  stage: v.optional(v.picklist(STAGES, `must be one of ${STAGES.join(', ')}`)),
  score_min: integer,
  score_max: integer,
  channel: text(100),
  campaign: text(200),
  attribution: v.optional(v.picklist(['first', 'last'], 'must be first or last'), 'first'),
  variant: text(64),
  country: v.optional(v.pipe(v.string(), v.trim(), v.toUpperCase(), v.regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code'))),
  identified: v.optional(
    v.pipe(
      v.picklist(['true', 'false'], 'must be true or false'),
      v.transform((value) => value === 'true'),
    ),
  ),
  from: v.optional(v.string()),
  to: v.optional(v.string()),
  limit: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,3}$/, 'must be an integer'), v.transform(Number), v.minValue(1), v.maxValue(MAX_LIMIT)),
  ),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(400))),
});

export interface LeadFilters {
  email?: string;
  q?: string;
  trackingId?: string;
  stage?: Stage;
  scoreMin?: number;
  scoreMax?: number;
  channel?: string;
  campaign?: string;
  attribution: 'first' | 'last';
  variant?: string;
  country?: string;
  /** true: an email or phone is known; false: neither (anonymous visitors). */
  identified?: boolean;
  /** On last_seen. */
  range: DateRange | null;
}

export interface LeadPage {
  limit: number;
  /** (last_seen, id) of the previous page's last row. */
  after: { lastSeen: number; id: string } | null;
}

function issuesOf(issues: readonly v.BaseIssue<unknown>[]) {
  return issues.slice(0, 20).map((issue) => ({
    path: clip(issue.path?.map((item) => String(item.key)).join('.') ?? ''),
    message: clip(issue.message),
  }));
}

/** Parses the query string; bad input → AppError validation_failed with `details.issues`. */
export function parseLeadQuery(query: Record<string, string>, now: number): { filters: LeadFilters; page: LeadPage } {
  const parsed = v.safeParse(LeadQuerySchema, query);
  if (!parsed.success) {
    const issues = issuesOf(parsed.issues);
    throw new AppError('validation_failed', `invalid query: ${issues[0]?.path ?? ''} ${issues[0]?.message ?? ''}`.trim(), {
      details: { issues },
    });
  }
  const input = parsed.output;
  if (input.score_min !== undefined && input.score_max !== undefined && input.score_max < input.score_min) {
    throw new AppError('validation_failed', 'score_max is below score_min', {
      details: { issues: [{ path: 'score_max', message: 'is below score_min' }] },
    });
  }
  const filters: LeadFilters = { attribution: input.attribution, range: optionalRange(input.from, input.to, now) };
  if (input.email !== undefined) filters.email = input.email;
  if (input.q !== undefined) filters.q = input.q;
  if (input.tracking_id !== undefined) filters.trackingId = input.tracking_id;
  if (input.stage !== undefined) filters.stage = input.stage;
  if (input.score_min !== undefined) filters.scoreMin = input.score_min;
  if (input.score_max !== undefined) filters.scoreMax = input.score_max;
  if (input.channel !== undefined) filters.channel = input.channel;
  if (input.campaign !== undefined) filters.campaign = input.campaign;
  if (input.variant !== undefined) filters.variant = input.variant;
  if (input.country !== undefined) filters.country = input.country;
  if (input.identified !== undefined) filters.identified = input.identified;
  let after: LeadPage['after'] = null;
  if (input.cursor !== undefined) {
    const [lastSeen, id] = decodeOpaqueCursor(input.cursor, TimeIdKeySchema);
    after = { lastSeen, id };
  }
  return { filters, page: { limit: input.limit ?? DEFAULT_LIMIT, after } };
}
