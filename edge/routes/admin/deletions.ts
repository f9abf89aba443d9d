/**
 * GDPR deletions (admin API contract): POST deletes a person by email or tracking id (role admin), GET lists the
 * audit. The work is core/admin/deletions/.
 */
import { Hono } from 'hono';
import * as v from 'valibot';
import { deletePerson } from '../../../core/admin/deletions/delete-person';
import { listDeletions } from '../../../core/admin/deletions/list';
import { DeletionRequestSchema, selectorOf } from '../../../core/admin/deletions/request';
import { DEFAULT_LIMIT, MAX_LIMIT } from '../../../core/admin/leads/filters';
import { openDatabase } from '../../../core/db';
import { AppError, clip } from '../../../core/errors';
import type { AppEnv } from '../../context';
import { adminPrincipal, requireAdminRole } from '../../middleware/admin-auth';

export const adminDeletionsRoute = new Hono<AppEnv>();

const PageSchema = v.object({
  limit: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,3}$/, 'must be an integer'), v.transform(Number), v.minValue(1), v.maxValue(MAX_LIMIT)),
  ),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(400))),
});

function invalid(issues: readonly v.BaseIssue<unknown>[], what: string): AppError {
  const list = issues.slice(0, 10).map((issue) => ({
    path: clip(issue.path?.map((item) => String(item.key)).join('.') ?? ''),
    message: clip(issue.message),
  }));
  return new AppError('validation_failed', `invalid ${what}: ${list[0]?.path ?? ''} ${list[0]?.message ?? ''}`.trim(), {
    details: { issues: list },
  });
}

adminDeletionsRoute.post('/deletions', requireAdminRole, async function deleteAPerson(c) {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new AppError('invalid_json', 'the body must be JSON: { "email": … } or { "tracking_id": … }');
  }
  const parsed = v.safeParse(DeletionRequestSchema, raw);
  if (!parsed.success) throw invalid(parsed.issues, 'deletion request (send exactly one of email, tracking_id)');
  const salt = c.env.IP_HASH_SALT;
  if (!salt) throw new AppError('tenant_config_invalid', 'secret IP_HASH_SALT is not set (wrangler secret put IP_HASH_SALT)');
  const deletion = await deletePerson(openDatabase(c.env.DB), {
    tenant: c.get('tenant'),
    selector: selectorOf(parsed.output),
    requestedBy: adminPrincipal(c).subject,
    salt,
    queues: c.env,
    now: Date.now(),
  });
  return c.json({ deletion }, 202);
});

adminDeletionsRoute.get('/deletions', async function listTheAudit(c) {
  const parsed = v.safeParse(PageSchema, c.req.query());
  if (!parsed.success) throw invalid(parsed.issues, 'query');
  const page = { limit: parsed.output.limit ?? DEFAULT_LIMIT, cursor: parsed.output.cursor };
  return c.json(await listDeletions(openDatabase(c.env.DB), c.get('tenant').id, page));
});
