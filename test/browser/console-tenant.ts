/**
 * The browser suite's consoles: the demo tenant's (as `npm run dev` has it, `CONSOLE_JWT_DEMO`) and a
 * `board.localhost` tenant whose only traffic is what test/browser/console.test.ts seeds, so the numbers its
 * dashboard shows are known exactly (other files' pages land on the demo tenant).
 */
import { sign } from 'hono/jwt';

export const CONSOLE_KEYS = {
  CONSOLE_JWT_DEMO: 'browser-console-demo-key-0123456789abcdef',
  CONSOLE_JWT_BOARD: 'browser-console-board-key-0123456789abcdef',
} as const;

export const BOARD_TENANT = {
  name: 'Board (console numbers)',
  hosts: ['board.localhost'],
  consent_default: 'granted',
  console: { jwt_secret: 'CONSOLE_JWT_BOARD' },
};

export type ConsoleTenantId = 'demo' | 'board';

/** A console token as `npm run token` signs it: HS256 with the tenant's key; `expiresIn` seconds from now. */
export async function consoleToken(
  tenant: ConsoleTenantId,
  options: { role?: 'viewer' | 'admin'; expiresIn?: number; sub?: string } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const key = tenant == 'demo' ? CONSOLE_KEYS.CONSOLE_JWT_DEMO : CONSOLE_KEYS.CONSOLE_JWT_BOARD;
  return sign(
    { tenant, role: options.role ?? 'admin', sub: options.sub ?? 'ana@agency.test', iat: now, exp: now + (options.expiresIn ?? 3600) },
    key,
    'HS256',
  );
}
