/**
 * Tenant config names secrets (core/tenants/destinations.ts); the values are Worker secrets set with
 * `wrangler secret put NAME`, read from the env at the moment they are needed.
 */
export function readSecret(env: object, name: string): string | undefined {
  const value: unknown = Reflect.get(env, name);
  return typeof value === 'string' && value !== '' ? value : undefined;
}
