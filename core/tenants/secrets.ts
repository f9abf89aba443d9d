/**
 * Tenant config names secrets (design §3); their values are bindings set with `wrangler secret put`. Read by
 * name at delivery time, so one tenant's config can only ever reach the secret it names.
 */
export function readSecret(env: object, name: string): string | null {
  const value: unknown = Reflect.get(env, name);
  return typeof value === 'string' && value !== '' ? value : null;
}
