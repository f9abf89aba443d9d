// Bindings that exist only in the Worker test project (see vitest.config.ts).
declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
    /** ../shared/specs/chatwoot/swagger.json, read by vitest.config.ts. */
    CHATWOOT_SPEC: string;
    CHATWOOT_TOKEN_CHAT_A: string;
    CHATWOOT_TOKEN_CHAT_B: string;
  }
}
