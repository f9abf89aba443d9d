/**
 * `npm run token` (scripts/token.mjs), as a user runs it: a console token signed with the tenant's secret, carrying
 * the tenant and role the console API checks (edge/middleware/admin-auth.ts), and clear refusals.
 */
import { spawnSync } from 'node:child_process';
import { verify } from 'hono/jwt';
import { describe, expect, it } from 'vitest';

function runToken(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['scripts/token.mjs', ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: result.status, stdout: result.stdout.trim(), stderr: result.stderr.trim() };
}

describe('npm run token', () => {
  it('prints an HS256 token for the tenant and role, signed with the secret wrangler.toml names, expiring after --ttl', async () => {
    // The demo tenant's console.jwt_secret in wrangler.toml is CONSOLE_JWT_DEMO; the environment's value wins over .dev.vars.
    const run = runToken(['--tenant', 'demo', '--role', 'admin', '--ttl', '2h'], { CONSOLE_JWT_DEMO: 'demo-signing-key' });
    expect(run.status, run.stderr).toBe(0);
    const claims = await verify(run.stdout, 'demo-signing-key', 'HS256');
    expect(claims).toMatchObject({ tenant: 'demo', role: 'admin', sub: 'console-user' });
    const now = Math.floor(Date.now() / 1000);
    expect(Number(claims.exp) - now).toBeGreaterThan(7000);
    expect(Number(claims.exp) - now).toBeLessThanOrEqual(7200);
    await expect(verify(run.stdout, 'another-key', 'HS256')).rejects.toThrow();
  });

  it('a viewer token by default', async () => {
    const run = runToken(['--tenant', 'acme', '--secret', 'MY_KEY'], { MY_KEY: 'k' });
    expect(run.status, run.stderr).toBe(0);
    expect(await verify(run.stdout, 'k', 'HS256')).toMatchObject({ tenant: 'acme', role: 'viewer' });
  });

  it('refuses what it cannot sign, naming the problem', () => {
    expect(runToken([])).toMatchObject({ status: 1, stderr: 'token: --tenant is required' });
    expect(runToken(['--tenant', 'demo', '--role', 'owner'], { CONSOLE_JWT_DEMO: 'k' })).toMatchObject({
      status: 1,
      stderr: 'token: --role must be viewer or admin',
    });
    expect(runToken(['--tenant', 'nobody']).stderr).toContain('wrangler.toml has no [vars.TENANTS.nobody.console] jwt_secret');
  });
});
