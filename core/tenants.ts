/**
 * Tenant configuration, declared in wrangler.toml as `[vars.TENANTS.<tenant_id>]` and validated once per
 * isolate. A bad config is not a crash: every request is answered with `tenant_config_invalid` naming the
 * tenant and the field, so an operator sees exactly what to fix right after `wrangler deploy`.
 */
import * as v from 'valibot';
import { canonicalizeOrigin, isOwnHostOrigin, parseCanonicalOrigin } from './origins';
import { DESTINATION_KEYS } from './tenants/destinations';
import { ROUTING_KEYS, routingProblem } from './tenants/routing';
import { SCORING_KEYS } from './tenants/scoring-overrides';
import { WidgetConfigSchema } from './tenants/questionnaire';

const TENANT_ID = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;
const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/;

const TenantSchema = v.strictObject({
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
  hosts: v.pipe(
    v.array(v.pipe(v.string(), v.toLowerCase(), v.regex(HOSTNAME, 'must be a hostname without scheme or port'))),
    v.minLength(1, 'must list at least one host'),
  ),
  allowed_origins: v.optional(
    v.array(v.pipe(v.string(), v.toLowerCase(), v.regex(ORIGIN, 'must be an origin like https://www.example.com'))),
    [],
  ),
  consent_default: v.optional(v.picklist(['granted', 'pending', 'denied']), 'granted'),
  honor_gpc: v.optional(v.boolean(), true),
  capture_forms: v.optional(v.boolean(), true),
  cookie_domain: v.optional(v.pipe(v.string(), v.toLowerCase(), v.regex(HOSTNAME, 'must be a domain'))),
  serve_examples: v.optional(v.boolean(), false),
  ...DESTINATION_KEYS,
  ...SCORING_KEYS,
  ...ROUTING_KEYS,
  widget: v.optional(WidgetConfigSchema),
});

export type TenantConfig = v.InferOutput<typeof TenantSchema> & { id: string };

export interface TenantRegistry {
  byId: ReadonlyMap<string, TenantConfig>;
  byHost: ReadonlyMap<string, TenantConfig>;
}

export class TenantConfigError extends Error {
  constructor(
    readonly tenant: string,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`tenant "${tenant}": ${field} ${reason}`);
    this.name = 'TenantConfigError';
  }
}

function issueField(issue: v.BaseIssue<unknown>): string {
  const path = issue.path?.map((item) => String(item.key)).join('.') ?? '';
  return path === '' ? '(root)' : path;
}

/** Validates the raw `TENANTS` var. Throws a TenantConfigError naming the first bad tenant and field. */
export function parseTenants(input: unknown): TenantRegistry {
  // Also accepted as a JSON string, e.g. `wrangler dev --var TENANTS:'{…}'` or a secret.
  let raw = input;
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw) as unknown;
    } catch {
      throw new TenantConfigError('*', 'TENANTS', 'is a string but not valid JSON');
    }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new TenantConfigError('*', 'TENANTS', 'must be a table of tenants: [vars.TENANTS.<tenant_id>]');
  }
  const byId = new Map<string, TenantConfig>();
  const byHost = new Map<string, TenantConfig>();
  for (const [id, value] of Object.entries(raw)) {
    if (!TENANT_ID.test(id)) throw new TenantConfigError(id, 'id', 'must match [a-z0-9][a-z0-9_-]{0,62}');
    const result = v.safeParse(TenantSchema, value);
    if (!result.success) {
      const issue = result.issues[0];
      throw new TenantConfigError(id, issueField(issue), issue.message);
    }
    // Checks across keys (a routing rule's inbox must be declared under chatwoot, …).
    const problem = routingProblem(result.output);
    if (problem) throw new TenantConfigError(id, problem.field, problem.reason);
    const tenant: TenantConfig = { ...result.output, id };
    for (const host of tenant.hosts) {
      const owner = byHost.get(host);
      if (owner) throw new TenantConfigError(id, 'hosts', `"${host}" is already used by tenant "${owner.id}"`);
      byHost.set(host, tenant);
    }
    byId.set(id, tenant);
  }
  if (byId.size === 0) throw new TenantConfigError('*', 'TENANTS', 'declares no tenant');
  return { byId, byHost };
}

const cache = new WeakMap<object, TenantRegistry | TenantConfigError>();
let lastString: { raw: string; result: TenantRegistry | TenantConfigError } | undefined;

/** Parses once per isolate (keyed on the TENANTS value) and remembers a failure too. */
export function loadTenants(raw: unknown): TenantRegistry {
  const key = typeof raw === 'object' && raw !== null ? raw : undefined;
  const cached = key ? cache.get(key) : typeof raw === 'string' && lastString?.raw === raw ? lastString.result : undefined;
  if (cached instanceof TenantConfigError) throw cached;
  if (cached) return cached;
  let result: TenantRegistry | TenantConfigError;
  try {
    result = parseTenants(raw);
  } catch (error) {
    if (!(error instanceof TenantConfigError)) throw error;
    result = error;
  }
  if (key) cache.set(key, result);
  else if (typeof raw === 'string') lastString = { raw, result };
  if (result instanceof TenantConfigError) throw result;
  return result;
}

/**
 * Whether a page origin may send events for this tenant: an exact canonical origin (core/origins.ts) that is
 * one of `allowed_origins` or an https page on the tenant's own hosts (http too on localhost).
 */
export function isOriginAllowed(tenant: TenantConfig, origin: string): boolean {
  const parsed = parseCanonicalOrigin(origin);
  if (!parsed) return false;
  if (tenant.allowed_origins.some((allowed) => canonicalizeOrigin(allowed) === parsed.origin)) return true;
  return isOwnHostOrigin(parsed, tenant.hosts);
}
