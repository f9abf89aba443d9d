/**
 * The browser suite's consoles: the demo tenant's (as `npm run dev` has it, `CONSOLE_JWT_DEMO`), a
 * `board.localhost` tenant whose only traffic is what test/browser/console-data.test.ts seeds, so the numbers its
 * dashboard shows are known exactly (other files' pages land on the demo tenant), and `replay.localhost`, whose
 * leads go to the Chatwoot fake (test/browser/console-replay.test.ts).
 */
import { sign } from 'hono/jwt';

export const CONSOLE_KEYS = {
  CONSOLE_JWT_DEMO: 'browser-console-demo-key-0123456789abcdef',
  CONSOLE_JWT_BOARD: 'browser-console-board-key-0123456789abcdef',
  CONSOLE_JWT_REPLAY: 'browser-console-replay-key-0123456789abcdef',
} as const;

const KEY_OF: Record<ConsoleTenantId, string> = {
  demo: CONSOLE_KEYS.CONSOLE_JWT_DEMO,
  board: CONSOLE_KEYS.CONSOLE_JWT_BOARD,
  replay: CONSOLE_KEYS.CONSOLE_JWT_REPLAY,
};

export const BOARD_TENANT = {
  name: 'Board (console numbers)',
  hosts: ['board.localhost'],
  consent_default: 'granted',
  console: { jwt_secret: 'CONSOLE_JWT_BOARD' },
};

/** The token scripts/fakes.mjs's Chatwoot accepts for account 1 (scripts/dev-setup.mjs DEV_CHATWOOT_TOKEN). */
export const FAKE_CHATWOOT_TOKEN = 'dev-chatwoot-token';

/**
 * `replay.localhost`: a console tenant whose leads go to the Chatwoot fake (scripts/fakes.mjs, started by the
 * harness), so a delivery can be failed on purpose, dead-lettered, and replayed from the page.
 */
export function replayTenant(fakesPort: number) {
  return {
    name: 'Replay (console actions)',
    hosts: ['replay.localhost'],
    consent_default: 'granted',
    console: { jwt_secret: 'CONSOLE_JWT_REPLAY' },
    chatwoot: { base_url: `http://127.0.0.1:${fakesPort}/chatwoot`, account_id: 1, inbox_id: 1, token: 'CHATWOOT_TOKEN_REPLAY' },
  };
}

export type ConsoleTenantId = 'demo' | 'board' | 'replay';

/** A console token as `npm run token` signs it: HS256 with the tenant's key; `expiresIn` seconds from now. */
export async function consoleToken(
  tenant: ConsoleTenantId,
  options: { role?: 'viewer' | 'admin'; expiresIn?: number; sub?: string } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const key = KEY_OF[tenant];
  return sign(
    { tenant, role: options.role ?? 'admin', sub: options.sub ?? 'ana@agency.test', iat: now, exp: now + (options.expiresIn ?? 3600) },
    key,
    'HS256',
  );
}
