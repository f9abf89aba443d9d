// Secrets are not in wrangler.toml, so `wrangler types` cannot see them; declare them here.
declare namespace Cloudflare {
  interface Env {
    /** Salt for the daily visitor IP hash. `wrangler secret put IP_HASH_SALT`. */
    IP_HASH_SALT?: string;
  }
}
