// @ts-check
/**
 * Realistic tracker traffic for the bench: the shapes lt.js sends (core/events.ts, test/fixtures.ts) and
 * the queue messages the collector derives from them. Seeded, so two runs send comparable payloads.
 */

/** @typedef {{ trackingId: string, sessionId: string, email: string, ua: string, ip: string, firstTouch: Record<string, unknown>, lastTouch: Record<string, unknown> }} Visitor */

/**
 * A small seeded PRNG (mulberry32): reproducible payloads without Math.random's run-to-run variance.
 * @param {number} seed
 */
export function rng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * @template T
 * @param {() => number} random
 * @param {readonly T[]} items
 * @returns {T}
 */
function pick(random, items) {
  return /** @type {T} */ (items[Math.floor(random() * items.length)]);
}

/** @param {() => number} random @param {number} length */
function token(random, length) {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < length; i += 1) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

// Browsers the enrichment step (bowser, isbot) really parses; none of them is a bot.
const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36',
];

// Acquisition sources as the tracker classifies them (channel + UTM + click ids).
const SOURCES = [
  { channel: 'paid_search', utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'spring', click_ids: { gclid: 'Cj0KCQiA-bench' } },
  {
    channel: 'paid_social',
    utm_source: 'linkedin',
    utm_medium: 'paid_social',
    utm_campaign: 'abm-q4',
    click_ids: { li_fat_id: 'bench-li' },
  },
  { channel: 'organic_search', utm_source: null, utm_medium: null, utm_campaign: null, click_ids: {} },
  { channel: 'email', utm_source: 'newsletter', utm_medium: 'email', utm_campaign: 'product-update', click_ids: {} },
  { channel: 'direct', utm_source: null, utm_medium: null, utm_campaign: null, click_ids: {} },
];

const PAGES = [
  ['/', 'Acme — Analytics for B2B'],
  ['/pricing', 'Pricing'],
  ['/features/attribution', 'Attribution'],
  ['/blog/first-party-tracking', 'First-party tracking, explained'],
  ['/demo', 'Book a demo'],
];
const TRACKS = ['cta_click', 'scroll_depth', 'video_play', 'pricing_toggle'];
const SITE = 'https://www.bench.test';

/** @param {() => number} random @param {number} ts */
function touch(random, ts) {
  const source = pick(random, SOURCES);
  const query = source.utm_source
    ? `?utm_source=${source.utm_source}&utm_medium=${source.utm_medium}&utm_campaign=${source.utm_campaign}`
    : '';
  return {
    ts,
    ...source,
    utm_term: null,
    utm_content: null,
    utm_id: null,
    referrer: source.channel === 'direct' ? null : 'https://www.google.com/',
    landing_url: `${SITE}/${query}`,
  };
}

/** @param {() => number} random @param {number} index @param {number} now @returns {Visitor} */
export function visitor(random, index, now) {
  const first = touch(random, now - 86_400_000 - Math.floor(random() * 86_400_000));
  return {
    trackingId: `trk_${token(random, 21)}`,
    sessionId: `ses_${token(random, 21)}`,
    email: `lead${index}@bench-${token(random, 4)}.test`,
    ua: pick(random, USER_AGENTS),
    ip: `203.0.${Math.floor(index / 250) % 256}.${(index % 250) + 1}`,
    firstTouch: first,
    lastTouch: random() < 0.5 ? first : touch(random, now - Math.floor(random() * 3_600_000)),
  };
}

/**
 * One browser batch: mostly page views, some tracks, an identify at the end (as after a form fill).
 * @param {() => number} random @param {Visitor} who @param {number} count @param {number} now
 * @param {(index: number) => string} eventId
 */
export function clientEvents(random, who, count, now, eventId) {
  return Array.from({ length: count }, (_, i) => {
    const [path, title] = pick(random, PAGES);
    const base = {
      event_id: eventId(i),
      ts: now - (count - i) * 2_000,
      tracking_id: who.trackingId,
      session_id: who.sessionId,
      url: `${SITE}${path}`,
      title,
      referrer: i === 0 ? (/** @type {string | null} */ (who.lastTouch.referrer) ?? undefined) : `${SITE}/`,
      first_touch: who.firstTouch,
      last_touch: who.lastTouch,
    };
    if (i === count - 1) {
      return { ...base, type: 'identify', traits: { email: who.email, name: 'Bench Lead', company: 'Bench GmbH' } };
    }
    if (i % 3 === 1) {
      return { ...base, type: 'track', name: pick(random, TRACKS), props: { plan: 'growth', percent: 75, annual: true } };
    }
    return { ...base, type: 'page_view' };
  });
}

const ID_SLOT = '@@EVENT_ID@@';

/**
 * Pre-serialised request bodies with a slot for each event_id, so the load tool only joins strings per
 * request (cheap, and identical work for the bare and the collector run) yet every event_id is unique.
 * @param {{ seed: number, size: number, eventsPerBatch: number, now: number }} options
 */
export function bodyTemplates({ seed, size, eventsPerBatch, now }) {
  const random = rng(seed);
  return Array.from({ length: size }, (_, index) => {
    const who = visitor(random, index, now);
    const events = clientEvents(random, who, eventsPerBatch, now, () => ID_SLOT);
    const parts = JSON.stringify({ sent_at: now, events }).split(JSON.stringify(ID_SLOT));
    return { parts, ua: who.ua, ip: who.ip };
  });
}

/** @param {string[]} parts @param {string} prefix event ids are `${prefix}_${slot}` */
export function fillBody(parts, prefix) {
  let body = /** @type {string} */ (parts[0]);
  for (let i = 1; i < parts.length; i += 1) body += `"${prefix}_${i}"${parts[i]}`;
  return body;
}

/**
 * Queue messages as the collector enqueues them (EventMessage in core/events.ts): batches of browser
 * batches from a pool of visitors, so later batches update existing leads and identifies attach emails.
 * @param {{ seed: number, tenantId: string, batches: number, batchSize: number, eventsPerVisit: number, visitors: number, now: number }} o
 */
export function queueBatches(o) {
  const random = rng(o.seed);
  const pool = Array.from({ length: o.visitors }, (_, index) => visitor(random, index, o.now));
  // A few people come back on a second device and identify with the same email: those leads merge.
  for (let i = 24; i < pool.length; i += 25) /** @type {Visitor} */ (pool[i]).email = /** @type {Visitor} */ (pool[i - 1]).email;
  const runTag = token(random, 8);
  let seq = 0;
  return Array.from({ length: o.batches }, (_, b) => {
    const messages = [];
    let eventCount = 0;
    // One queue message per browser batch (a visit), as the collector sends them; a queue batch holds
    // messages until it carries `batchSize` events.
    while (eventCount < o.batchSize) {
      const who = pick(random, pool);
      const visit = (seq += 1);
      const events = clientEvents(
        random,
        who,
        Math.min(o.eventsPerVisit, o.batchSize - eventCount),
        o.now,
        (i) => `${runTag}_${visit}_${i}`,
      );
      eventCount += events.length;
      const request = {
        received_at: o.now,
        ip_hash: token(random, 32),
        country: 'DE',
        region: 'Berlin',
        city: 'Berlin',
        asn: 3320,
        user_agent: who.ua,
        browser: 'Chrome 130',
        os: 'Windows',
        device: 'desktop',
        bot: false,
      };
      messages.push({
        id: `msg_${b}_${messages.length}_${runTag}`,
        timestamp: new Date(o.now),
        attempts: 1,
        body: { v: 1, tenant_id: o.tenantId, request, events: events.map((event) => ({ ts: event.ts, event: { ...event, bot: false } })) },
      });
    }
    return messages;
  });
}

/**
 * The worst queue batch for the consumer (the shape of test/worst-case-batch.ts): 100 messages × 50 events,
 * every event an `identify` from its own browser with its own email, every tenth reusing the email of an
 * earlier lead so the batch also merges.
 * @param {{ tenantId: string, tag: string, now: number, existingEmails: string[] }} o
 */
export function worstCaseBatch(o) {
  return Array.from({ length: 100 }, (_, m) => {
    const events = Array.from({ length: 50 }, (_, e) => {
      const n = m * 50 + e;
      const ts = o.now - 60_000 + e;
      const landing = {
        ts: ts - 1000,
        channel: 'paid_search',
        utm_source: 'google',
        utm_medium: 'cpc',
        utm_campaign: `campaign-${n % 7}`,
        click_ids: { gclid: `gclid-${o.tag}-${n}` },
        referrer: 'https://www.google.com/',
        landing_url: `${SITE}/?gclid=gclid-${o.tag}-${n}`,
      };
      const reused = n % 10 === 0 && o.existingEmails.length > 0 ? o.existingEmails[(n / 10) % o.existingEmails.length] : undefined;
      const event = {
        event_id: `evt-${o.tag}-${n}`,
        type: 'identify',
        ts,
        tracking_id: `trk-${o.tag}-${n}`,
        session_id: `ses-${o.tag}-${n}`,
        url: `${SITE}/signup`,
        first_touch: landing,
        last_touch: landing,
        traits: { email: reused ?? `visitor-${n}.${o.tag}@example.com`, name: `Visitor ${n}`, plan: 'pro', company: `Company ${n}` },
        bot: false,
      };
      return { ts, event };
    });
    const request = {
      received_at: o.now,
      ip_hash: `ip-${m}`,
      country: 'DE',
      region: null,
      city: 'Berlin',
      asn: 3320,
      user_agent: 'Mozilla/5.0',
      browser: 'Chrome 130',
      os: 'Linux',
      device: 'desktop',
      bot: false,
    };
    return { id: `msg-${o.tag}-${m}`, timestamp: new Date(o.now), attempts: 1, body: { v: 1, tenant_id: o.tenantId, request, events } };
  });
}
