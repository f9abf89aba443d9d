import { type Context, Hono } from 'hono';
import { AppError } from '../../core/errors';
import type { AppEnv } from '../context';

/**
 * The console page (console/, built into dist/public/console by console/build.mjs): one HTML shell at
 * /console and its two bundles. The page routes by the URL's hash, so this is all the Worker serves; the
 * data comes from /v1/admin with the token the user pastes. Only tenants with a `console` get it.
 */
export const consoleRoute = new Hono<AppEnv>();

/**
 * The page runs only its own files: no inline script or style, no eval, no framing, and it talks only to its
 * own origin (the /v1/admin API). `img-src data:` is for the empty favicon; CSV downloads are blob: URLs,
 * which navigation, not CSP, governs.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The shell names the bundles by content hash, so it is revalidated on every load (an ETag answers 304). */
const SHELL_CACHE_CONTROL = 'no-cache';
/** /console/app.js?v=<its content hash>: that URL never changes content. */
const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** A stale or missing hash (a shell cached before a deploy) gets the current file, briefly cached. */
const SHORT_CACHE_CONTROL = 'public, max-age=300';

const BUNDLES = {
  '/console/app.js': 'application/javascript; charset=utf-8',
  '/console/app.css': 'text/css; charset=utf-8',
} as const;

type ConsoleContext = Context<AppEnv>;

function requireConsole(c: ConsoleContext): void {
  if (c.get('tenant').console === undefined)
    throw new AppError('not_found', 'the console is not configured for this tenant ([vars.TENANTS.<id>.console])');
}

async function builtAsset(c: ConsoleContext, path: string, conditional: boolean): Promise<Response> {
  const asset = await c.env.ASSETS.fetch(new Request(new URL(path, c.req.url), conditional ? { headers: c.req.raw.headers } : {}));
  if (asset.status === 404 || (asset.status >= 300 && asset.status < 400 && asset.status !== 304))
    throw new AppError('not_found', `${path} has not been built (npm run build)`);
  return new Response(asset.body, asset);
}

/** The first 16 hex digits of the body's SHA-256, as console/build.mjs writes them into the shell. */
async function contentHash(response: Response): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await response.clone().arrayBuffer()));
  return [...digest.slice(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

consoleRoute.get('/console', async function consolePage(c) {
  requireConsole(c);
  // dist/public/console/index.html, which the assets binding serves at the folder's URL.
  const response = await builtAsset(c, '/console/', true);
  response.headers.set('Content-Type', 'text/html; charset=utf-8');
  response.headers.set('Content-Security-Policy', CONSOLE_CSP);
  response.headers.set('Cache-Control', SHELL_CACHE_CONTROL);
  response.headers.set('X-Content-Type-Options', 'nosniff');
  response.headers.set('X-Frame-Options', 'DENY');
  response.headers.set('Referrer-Policy', 'no-referrer');
  response.headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  return response;
});

// One URL for the page: /console/ (and the shell's own file path) lead there.
consoleRoute.get('/console/', function consoleSlash(c) {
  requireConsole(c);
  return c.redirect('/console', 308);
});

for (const [path, contentType] of Object.entries(BUNDLES)) {
  consoleRoute.get(path, async function consoleBundle(c) {
    requireConsole(c);
    // Whole files only: the hash check needs the body, so no conditional request here.
    const response = await builtAsset(c, path, false);
    const version = new URL(c.req.url).searchParams.get('v');
    const current = response.status === 200 && version !== null && (await contentHash(response)) === version;
    response.headers.set('Content-Type', contentType);
    response.headers.set('Cache-Control', current ? IMMUTABLE_CACHE_CONTROL : SHORT_CACHE_CONTROL);
    response.headers.set('X-Content-Type-Options', 'nosniff');
    return response;
  });
}
