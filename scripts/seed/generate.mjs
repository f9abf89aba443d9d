// @ts-check
/**
 * The demo dataset of `npm run seed`: 60 days of visits across campaigns and channels for the demo tenant, as the
 * browser would have sent them (page views with first/last touch, the widget's questionnaire events with their
 * A/B variant, identify with the contact), grouped into one message per visit like the collector queues them.
 * Nothing here is a final number: the Worker's own ingest and scoring turn these events into leads, scores,
 * stages and stage-change times. Deterministic (seeded PRNG): the same anchor day gives the same events and ids,
 * so running the seed twice stores nothing twice.
 */

const DAY = 86_400_000;
export const SEED_DAYS = 60;

/**
 * The campaigns: daily visitors, the share of visitors who open the widget, how far they go (high intent =
 * completes and books a demo), and spend per day. `retargeting-q4` degrades in its last 7 days: visitors keep
 * coming and spend rises, but few of its leads become SQL (the alert the console shows).
 */
export const CAMPAIGNS = [
  { key: 'brand-search', source: 'google', medium: 'cpc', click: 'gclid', visitors: 28, engage: 0.2, high: 0.45, cost: 120 },
  { key: 'generic-crm', source: 'google', medium: 'cpc', click: 'gclid', visitors: 24, engage: 0.14, high: 0.25, cost: 210 },
  {
    key: 'retargeting-q4',
    source: 'facebook',
    medium: 'paid_social',
    click: 'fbclid',
    visitors: 18,
    engage: 0.18,
    high: 0.4,
    cost: 90,
    degrades: true,
  },
  { key: 'abm-enterprise', source: 'linkedin', medium: 'paid_social', click: 'li_fat_id', visitors: 8, engage: 0.22, high: 0.5, cost: 160 },
  { key: 'nov-newsletter', source: 'newsletter', medium: 'email', click: null, visitors: 10, engage: 0.16, high: 0.3, cost: 0 },
  { key: null, source: 'google', medium: 'organic', click: null, visitors: 20, engage: 0.1, high: 0.3, cost: 0 },
  { key: null, source: null, medium: null, click: null, visitors: 12, engage: 0.08, high: 0.2, cost: 0 },
  { key: null, source: 'partner-blog.example', medium: 'referral', click: null, visitors: 6, engage: 0.12, high: 0.3, cost: 0 },
];

const PAGES = ['/', '/pricing.html', '/features.html', '/contact.html', '/blog/attribution.html'];
const COUNTRIES = ['BR', 'BR', 'BR', 'US', 'US', 'PT', 'DE', 'GB', 'ES', 'MX'];
const FIRST = ['Ana', 'Bruno', 'Carla', 'Diego', 'Elena', 'Felipe', 'Gabi', 'Hugo', 'Iris', 'João', 'Karen', 'Lucas', 'Marta', 'Nina'];
const LAST = ['Silva', 'Souza', 'Costa', 'Pereira', 'Almeida', 'Nunes', 'Ribeiro', 'Martins', 'Lopes', 'Moreira'];
const BROWSERS = [
  [
    'Chrome',
    'Windows',
    'desktop',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36',
  ],
  [
    'Safari',
    'iOS',
    'mobile',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
  ],
  [
    'Chrome',
    'Android',
    'mobile',
    'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36',
  ],
  ['Firefox', 'Linux', 'desktop', 'Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0'],
];
const BOT_UA = 'Mozilla/5.0 (compatible; GPTBot/1.2; +https://openai.com/gptbot)';

/** mulberry32: small, fast, deterministic. */
function random(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick(rand, items) {
  return items[Math.floor(rand() * items.length)];
}

function channelOf(campaign) {
  if (campaign.medium === 'cpc') return campaign.source === 'facebook' || campaign.source === 'linkedin' ? 'paid_social' : 'paid_search';
  if (campaign.medium === 'paid_social') return 'paid_social';
  if (campaign.medium === 'email') return 'email';
  if (campaign.medium === 'organic') return 'organic_search';
  if (campaign.medium === 'referral') return 'referral';
  return 'direct';
}

function touchOf(campaign, ts, origin, rand) {
  const query = new URLSearchParams();
  if (campaign.key) {
    query.set('utm_source', campaign.source);
    query.set('utm_medium', campaign.medium);
    query.set('utm_campaign', campaign.key);
  }
  const clickIds = {};
  if (campaign.click) clickIds[campaign.click] = `seed${Math.floor(rand() * 1e12).toString(36)}`;
  for (const [key, value] of Object.entries(clickIds)) query.set(key, value);
  const referrer =
    campaign.medium === 'organic'
      ? 'https://www.google.com/'
      : campaign.medium === 'referral'
        ? `https://${campaign.source}/posts/lead-attribution`
        : campaign.source === 'facebook'
          ? 'https://l.facebook.com/'
          : null;
  const search = query.toString();
  return {
    ts,
    channel: channelOf(campaign),
    utm_source: campaign.key ? campaign.source : null,
    utm_medium: campaign.key ? campaign.medium : null,
    utm_campaign: campaign.key,
    utm_term: null,
    utm_content: null,
    utm_id: null,
    click_ids: clickIds,
    referrer,
    landing_url: `${origin}/${search ? `?${search}` : ''}`,
  };
}

/** The widget's A/B bucket for a visitor: stable per tracking id, as the widget assigns it (50/50 between a and b). */
function variantOf(trackingId) {
  let hash = 2166136261;
  for (let i = 0; i < trackingId.length; i += 1) hash = Math.imul(hash ^ trackingId.charCodeAt(i), 16777619);
  return (hash >>> 0) % 100 < 50 ? 'a' : 'b';
}

/**
 * One visitor's visits. Intent decides how far the questionnaire goes: low answers one question (Unqualified),
 * mid is a small team that shares an email (a lead; MQL), high is a bigger team that wants to start this month
 * and books a demo (SQL) — on a return visit 0–9 days later, so time to SQL is spread like real buying cycles.
 * A few visitors who skip the widget leave an email in the contact form (a lead that stays Unqualified).
 */
function visitorJourney(ctx, campaign, dayStart, index) {
  const { rand, origin, anchor } = ctx;
  const trackingId = `trk_seed${anchor}_${dayStart / DAY}_${index}`;
  const variant = variantOf(trackingId);
  const [browser, os, device, userAgent] = pick(rand, BROWSERS);
  const country = pick(rand, COUNTRIES);
  const firstTs = dayStart + Math.floor((7 + rand() * 15) * 3_600_000);
  const first = touchOf(campaign, firstTs, origin, rand);
  const request = (received) => ({
    received_at: received,
    ip_hash: `seed${Math.floor(rand() * 1e9).toString(16)}`,
    country,
    region: null,
    city: null,
    asn: null,
    user_agent: userAgent,
    browser,
    os,
    device,
    bot: false,
  });
  let counter = 0;
  const make = (sessionId, ts, type, extra) => ({
    ts,
    event: {
      event_id: `${trackingId.slice(4)}_${(counter += 1)}`,
      type,
      ts,
      tracking_id: trackingId,
      session_id: sessionId,
      url: `${origin}${extra.path ?? '/'}`,
      first_touch: first,
      last_touch: extra.last ?? first,
      ...(extra.name ? { name: extra.name } : {}),
      ...(extra.props ? { props: extra.props } : {}),
      ...(extra.traits ? { traits: extra.traits } : {}),
    },
  });
  const visits = [];
  // The first visit: a few page views.
  const session1 = `ses_${trackingId.slice(4)}_1`;
  const views = 1 + Math.floor(rand() * rand() * 4);
  const firstVisit = [];
  for (let i = 0; i < views; i += 1)
    firstVisit.push(make(session1, firstTs + i * 40_000, 'page_view', { path: i === 0 ? '/' : pick(rand, PAGES) }));
  visits.push({ request: request(firstTs + views * 40_000), events: firstVisit });

  const recent = dayStart >= ctx.todayStart - 7 * DAY;
  const highShare = campaign.degrades && recent ? 0.05 : campaign.high;
  if (rand() >= campaign.engage) {
    // A few leave their email in the contact form without the widget: a lead that stays Unqualified.
    if (rand() < 0.04) {
      const name = `${pick(rand, FIRST)} ${pick(rand, LAST)}`;
      const email = `${name
        .toLowerCase()
        .normalize('NFD')
        .replace(/[^a-z ]/g, '')
        .replace(' ', '.')}.${index}@contact-form.example`;
      const ts = firstTs + views * 40_000;
      visits.push({
        request: request(ts + 1_000),
        events: [make(session1, ts, 'identify', { traits: { email, name }, path: '/contact.html' })],
      });
      return { visits, variant, campaign: campaign.key, intent: 'form' };
    }
    return { visits, variant, campaign: campaign.key };
  }
  const intent = rand() < highShare ? 'high' : rand() < 0.55 ? 'mid' : 'low';
  // Engaged on the first visit (low/mid) or on a return visit days later (high).
  const returnDays = intent === 'high' ? Math.floor(rand() * 10) : 0;
  const startTs = Math.min(firstTs + returnDays * DAY + 600_000, ctx.now - 60_000);
  const sessionId = returnDays > 0 ? `ses_${trackingId.slice(4)}_2` : session1;
  const name = `${pick(rand, FIRST)} ${pick(rand, LAST)}`;
  const email = `${name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z ]/g, '')
    .replace(' ', '.')}.${index}@${pick(rand, ['acme-corp.example', 'globo.example', 'tech.example', 'agencia.example'])}`;
  let ts = startTs;
  const step = (ms) => (ts += ms);
  const widget = (eventName, props = {}) =>
    make(sessionId, step(4_000 + Math.floor(rand() * 20_000)), 'track', {
      name: eventName,
      props: { ...props, variant },
      path: '/pricing.html',
    });
  const events = [];
  if (returnDays > 0) events.push(make(sessionId, ts, 'page_view', { path: '/pricing.html' }));
  events.push(widget('widget_opened', { via: 'launcher' }));
  // Small teams skip to the email question (the demo questionnaire's branch): an MQL at about 50 points.
  const size = intent === 'high' ? (rand() < 0.5 ? 'mid' : 'large') : 'small';
  events.push(widget('question_answered', { question_id: 'size', value: size, reply_ms: 6_000 }));
  events.push(widget('widget_replied'));
  if (intent === 'mid') {
    events.push(widget('question_answered', { question_id: 'email', value: email, reply_ms: 15_000 }));
    events.push(make(sessionId, step(500), 'identify', { traits: { email, name }, path: '/pricing.html' }));
    events.push(widget('contact_shared', { kind: 'email' }));
    events.push(widget('questionnaire_completed', { answered: 2 }));
  }
  if (intent === 'high') {
    events.push(widget('question_answered', { question_id: 'interest', value: 'attribution,crm', reply_ms: 9_000 }));
    events.push(widget('product_interest', { question_id: 'interest', value: 'attribution' }));
    const timeline = intent === 'high' ? 'now' : 'later';
    events.push(widget('question_answered', { question_id: 'timeline', value: timeline, reply_ms: 7_000 }));
    if (intent === 'high') events.push(widget('demo_requested', { question_id: 'timeline', value: 'now' }));
    events.push(widget('question_answered', { question_id: 'email', value: email, reply_ms: 15_000 }));
    events.push(make(sessionId, step(500), 'identify', { traits: { email, name }, path: '/pricing.html' }));
    events.push(widget('contact_shared', { kind: 'email' }));
    events.push(widget('questionnaire_completed', { answered: 4 }));
    if (intent === 'high') events.push(widget('cta_clicked', { kind: 'book_demo' }));
  }
  visits.push({ request: request(ts + 1_000), events });
  return { visits, variant, campaign: campaign.key, intent };
}

/** Bot traffic: a steady trickle, and a spike in the last two days (the console's bot alert). */
function botVisits(ctx, dayStart, count) {
  const visits = [];
  for (let i = 0; i < count; i += 1) {
    const trackingId = `trk_seedbot${ctx.anchor}_${dayStart / DAY}_${i}`;
    const ts = dayStart + Math.floor(ctx.rand() * 20 * 3_600_000);
    if (ts > ctx.now) continue;
    const event = {
      event_id: `seedbot${ctx.anchor}_${dayStart / DAY}_${i}`,
      type: 'page_view',
      ts,
      tracking_id: trackingId,
      session_id: `ses_bot_${dayStart / DAY}_${i}`,
      url: `${ctx.origin}${pick(ctx.rand, PAGES)}`,
      first_touch: null,
      last_touch: null,
    };
    visits.push({
      request: {
        received_at: ts,
        ip_hash: null,
        country: 'US',
        region: null,
        city: null,
        asn: 16509,
        user_agent: BOT_UA,
        browser: null,
        os: null,
        device: null,
        bot: true,
      },
      events: [{ ts, event }],
    });
  }
  return visits;
}

/**
 * Every message of the dataset, oldest first, and the spend rows (per campaign and day) for the spend import.
 * `now` is the seed's clock; the dataset covers the SEED_DAYS days up to it.
 */
export function generateDataset({ now, origin = 'http://localhost:8787' }) {
  const todayStart = Math.floor(now / DAY) * DAY;
  const anchor = new Date(todayStart).toISOString().slice(0, 10).replaceAll('-', '');
  const ctx = { rand: random(Number(anchor)), origin, anchor, now, todayStart };
  const messages = [];
  const spend = [];
  const summary = { visitors: 0, engaged: 0, high: 0, mid: 0, forms: 0, bots: 0 };
  for (let day = SEED_DAYS - 1; day >= 0; day -= 1) {
    const dayStart = todayStart - day * DAY;
    const weekday = new Date(dayStart).getUTCDay();
    const weekly = weekday === 0 || weekday === 6 ? 0.6 : 1;
    const growth = 0.8 + (0.4 * (SEED_DAYS - day)) / SEED_DAYS;
    for (const campaign of CAMPAIGNS) {
      const count = Math.round(campaign.visitors * weekly * growth * (0.8 + ctx.rand() * 0.4));
      for (let i = 0; i < count; i += 1) {
        const journey = visitorJourney(ctx, campaign, dayStart, `${CAMPAIGNS.indexOf(campaign)}x${i}`);
        if (journey.visits[0].events[0].ts > now) continue;
        // Today's visitors may still be mid-visit: nothing after the seed's clock.
        for (const visit of journey.visits) {
          const events = visit.events.filter((item) => item.ts <= now);
          if (events.length > 0)
            messages.push({ request: { ...visit.request, received_at: Math.min(visit.request.received_at, now) }, events });
        }
        summary.visitors += 1;
        if (journey.intent && journey.intent !== 'form') summary.engaged += 1;
        if (journey.intent === 'form') summary.forms += 1;
        if (journey.intent === 'high') summary.high += 1;
        if (journey.intent === 'mid') summary.mid += 1;
      }
      if (campaign.key && campaign.cost > 0) {
        const rise = campaign.degrades && day < 7 ? 1.6 : 1;
        spend.push({
          date: new Date(dayStart).toISOString().slice(0, 10),
          campaign: campaign.key,
          source: campaign.source,
          cost: Math.round(campaign.cost * weekly * rise * (0.85 + ctx.rand() * 0.3) * 100) / 100,
          currency: 'USD',
        });
      }
    }
    const bots = botVisits(ctx, dayStart, day < 2 ? 400 : 8 + Math.floor(ctx.rand() * 8));
    summary.bots += bots.length;
    messages.push(...bots);
  }
  messages.sort((a, b) => a.events[0].ts - b.events[0].ts);
  return { messages, spend, summary };
}
