import Bowser from 'bowser';
import { isbot } from 'isbot';
import type { RequestContext } from '../../core/events';

/** AI crawlers and headless browsers isbot may not name; matched case-insensitively. */
const EXTRA_BOT_PATTERN =
  /headlesschrome|gptbot|chatgpt-user|oai-searchbot|claudebot|claude-web|anthropic-ai|perplexitybot|bytespider|ccbot|google-extended|amazonbot|applebot-extended|cohere-ai|diffbot|meta-externalagent|youbot|phantomjs|puppeteer|playwright|lighthouse/i;

export function isBotUserAgent(userAgent: string | null): boolean {
  if (!userAgent) return true; // real browsers always send one
  return isbot(userAgent) || EXTRA_BOT_PATTERN.test(userAgent);
}

type UserAgentFacts = Pick<RequestContext, 'browser' | 'os' | 'device' | 'bot'>;

/** Few distinct user agents make most traffic; parsing is a fifth of the collector's CPU, so remember them. */
const userAgentCache = new Map<string, UserAgentFacts>();
const USER_AGENT_CACHE_SIZE = 500;

function describeUserAgent(userAgent: string | null): UserAgentFacts {
  if (!userAgent) return { browser: null, os: null, device: null, bot: true };
  const cached = userAgentCache.get(userAgent);
  if (cached) return cached;
  const parsed = Bowser.parse(userAgent);
  const major = parsed.browser.version?.split('.')[0];
  const facts: UserAgentFacts = {
    browser: parsed.browser.name ? `${parsed.browser.name}${major ? ` ${major}` : ''}` : null,
    os: parsed.os.name ?? null,
    device: parsed.platform.type ?? null,
    bot: isBotUserAgent(userAgent),
  };
  if (userAgentCache.size >= USER_AGENT_CACHE_SIZE) userAgentCache.clear();
  userAgentCache.set(userAgent, facts);
  return facts;
}

/**
 * A salted, daily-rotating, per-tenant hash of the IP: enough to count distinct visitors and rate
 * abuse, useless to re-identify anyone, and never the raw address.
 */
async function hashIp(ip: string | null, salt: string, tenantId: string, now: number): Promise<string | null> {
  if (!ip) return null;
  const day = new Date(now).toISOString().slice(0, 10);
  const data = new TextEncoder().encode(`${salt}|${tenantId}|${day}|${ip}`);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  return Array.from(digest.subarray(0, 16), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

export async function describeRequest(request: Request, options: { salt: string; tenantId: string; now: number }): Promise<RequestContext> {
  const userAgent = request.headers.get('user-agent');
  const cf = (request as Request & { cf?: IncomingRequestCfProperties }).cf;
  return {
    received_at: options.now,
    ip_hash: await hashIp(request.headers.get('cf-connecting-ip'), options.salt, options.tenantId, options.now),
    country: text(cf?.country),
    region: text(cf?.region),
    city: text(cf?.city),
    asn: typeof cf?.asn === 'number' ? cf.asn : null,
    user_agent: userAgent ? userAgent.slice(0, 512) : null,
    ...describeUserAgent(userAgent),
  };
}
