/**
 * The tracker in one module (state, events, transport, page views, forms, cross-domain), so its internals
 * are plain variables the minifier shortens. The public API is shared by the script tag and the npm package.
 * Written for size (design §6: lt.js ≤ 2 KB gzip): one state object, one save path, few helpers.
 *
 * Everything persistent is the `_lt_id` cookie and one localStorage entry `_lt` = [context, last activity,
 * retry queue], and only while consent allows it.
 */
import type { Consent, Context, EventType, LtEvent, Options, Props, PropValue, Touch, Traits } from './types';
import { launcher } from './launcher';
import { capture } from './touch';
import { J, id, now, on, readCookie, safe, writeCookie } from './util';

declare const __NPM__: boolean;
/** Compile-time feature flags (sdk/bundle.mjs): every shipped build has both; `npm run size` measures each. */
declare const __XD__: boolean;
declare const __FORMS__: boolean;
/** The widget's launcher: compiled in only for tenants with a widget (the Worker picks the variant). */
declare const __WIDGET__: boolean;

/** The public Context itself (wire names). */
const C = { touches: [] } as unknown as Context; // init() sets every other key

// Declared without initial values where init() sets them before any use (fewer bytes).
let started: 1 | undefined;
/** The collector's events URL. */
let url: string;
let consentState: Consent;
/** May we write cookies/localStorage? (consent granted and GPC not in the way) */
let persist: boolean;
let gpc: boolean;
let widget: boolean;
/** Lead capture from submitted forms (data-capture / capture; the tenant's capture_forms reaches the tag). */
let grabs: boolean;
/** Last activity, for the 30-minute session timeout. */
let seen = 0;
let xd: string[];
/** Events not yet accepted by the collector (the retry queue, persisted with the state). */
let queue: LtEvent[] = [];
const pending: (() => void)[] = [];
let last: string | undefined;
/** The registrable domain the id cookie is on (the host itself until it is known). */
let site: string;

/** Fires `leadtrail:<name>` on window. */
const emit = (name: string, detail?: unknown): unknown => dispatchEvent(new CustomEvent('leadtrail:' + name, { detail }));

/** Writes (or removes) the id cookie, learning the site's registrable domain on the way. */
const probe = (): void => {
  site = writeCookie(C.tracking_id, persist ? 34560000 : 0); // 400 days, the browsers' cap
};

/**
 * Persists the state, or without consent removes it (with 'pending' there is nothing to remove: a page that
 * finds stored ids starts as granted), and fires `leadtrail:context` when the context changed. Storage may
 * be blocked (sandboxed frames, quotas).
 */
const changed = (): void => {
  try {
    persist ? (localStorage._lt = J([C, seen, queue])) : delete localStorage._lt;
  } catch {}
  probe();
  const j = J(C);
  if (j != last) emit('context', JSON.parse((last = j)));
};

/**
 * Consent: 'pending' keeps everything in memory until 'granted'; 'denied' and Global Privacy Control
 * rotate the identifiers (the next save removes the stored ones). Anything else means 'granted' (the
 * default); the collector accepts only these three.
 */
const setConsent = (c?: string): void => {
  consentState = c = c == 'pending' || c == 'denied' ? c : 'granted';
  persist = c == 'granted' && !gpc;
  if (!persist && c != 'pending') ((C.tracking_id = id()), (C.session_id = id()));
};

// ── Events and transport ───────────────────────────────────────────────────────────────────────────
// Small batches, fetch keepalive with a text/plain body (no CORS preflight), sendBeacon when the page is
// going away, and the retry queue that survives reloads and redirects. The collector dedupes on event_id,
// so sending an event twice is safe; losing one is not.

let busy: 0 | 1 | undefined;
/** Not before: a server's Retry-After or our own backoff after a failure. */
let retryAt = 0;
/** Not before, even on the way out: a server's Retry-After alone. */
let hold = 0;
let fails = 0;
let hidden: boolean | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;

/** Clamped: setTimeout takes a 32-bit delay, and a large negative number wraps to weeks. */
const later = (ms: number): void => {
  clearTimeout(timer);
  timer = setTimeout(flush, Math.max(0, ms));
};

const drop = (c: LtEvent[]): void => {
  queue = queue.filter((e) => !c.includes(e));
  changed();
};

/**
 * props (numbers and booleans kept, anything else → string ≤ 1024) or traits (`max` 254: strings);
 * ≤ 50 keys of ≤ 64 chars; null/undefined dropped. Values are clipped to the collector's limits: one
 * invalid event sinks its batch.
 */
const clean = (o?: object | null, max = 1024): Record<string, PropValue> | undefined => {
  if (!o) return;
  const r: Record<string, PropValue> = {};
  for (const [k, v] of Object.entries(o).slice(0, 50))
    if (v != null) r[k.slice(0, 64)] = max > 999 && (v === +v || v === !!v) ? v : String(v).slice(0, max);
  return r;
};

/** Builds an event with the context (every event extends the session: 30 minutes of silence starts a new one) and queues it. */
const send = (type: EventType, x: Partial<LtEvent>): void => {
  if (now() - seen > 18e5) C.session_id = id();
  if (
    queue.push({
      ...C,
      touches: undefined, // the history stays in the browser; events carry first and last touch
      event_id: id(),
      type,
      ts: (seen = now()),
      url: location.href.slice(0, 2048),
      title: document.title.slice(0, 512),
      referrer: document.referrer.slice(0, 2048),
      // Automation (playwright, puppeteer, selenium) sets navigator.webdriver.
      bot: navigator.webdriver,
      ...x,
    } as LtEvent) > 99
  )
    queue.shift();
  changed();
  // While the page is hidden or unloading a timer may never fire: send now.
  hidden ? flush(1) : later(Math.max(300, retryAt - now()));
};

function flush(beacon?: 1): void {
  // A server's Retry-After is honoured even on unload: those events wait in storage for the next page.
  if (queue[0] && now() >= (beacon ? hold : retryAt) && (beacon || !busy)) {
    // At most 10 events, and under the 16 KB beacon / 64 KB keepalive budgets: a UTF-16 char is at most
    // 3 bytes of UTF-8, so 5,000 / 20,000 chars. A single bigger event goes alone (a 413 drops it).
    const c = queue.slice(0, 10);
    let body;
    while ((body = J({ sent_at: now(), consent: gpc ? 'denied' : consentState, events: c })).length > (beacon ? 5e3 : 2e4) && c[1]) c.pop();
    // During our own backoff the beacon is a last try, not a delivery: a fetch in flight fails as the page
    // unloads (while the browser still sends it), and offline a beacon is accepted and lost. Those events stay
    // stored for the next page; the collector drops the duplicates.
    if (beacon) navigator.sendBeacon(url, body) && now() >= retryAt && (drop(c), flush(1));
    else {
      busy = 1;
      // A stalled request must not hold the queue: abort after 10 s and retry.
      fetch(url, { method: 'POST', body, keepalive: body.length < 2e4, credentials: 'include', signal: AbortSignal.timeout(1e4) })
        .then((r) => {
          // 408/429/5xx: keep the batch and retry; any other 4xx is final (the batch is invalid).
          if (/^(408|429|5)/.test(r.status as unknown as string)) throw +r.headers.get('retry-after')!;
          fails = 0;
          drop(c);
        })
        .catch((ra: number) => {
          retryAt = now() + (ra > 0 ? ra * 1e3 : Math.min(6e4, 1e3 << fails++));
          if (ra > 0) hold = retryAt;
        })
        .then(() => {
          busy = 0;
          later(retryAt - now());
        });
    }
  }
}

// ── Page views ─────────────────────────────────────────────────────────────────────────────────────

let shown: string | undefined;
/** Path, plus the hash only for hash routers (#/ or #!): in-page anchors are not page views. */
const key = (): string => location.pathname + (/^#[/!]/.test(location.hash) ? location.hash : '');

const pageView = (props?: Props): void => {
  shown = key();
  send('page_view', { props: clean(props) });
};

// ── Forms ──────────────────────────────────────────────────────────────────────────────────────────
// Every form (also those rendered later) gets hidden fields lt_tracking_id, lt_first_touch and
// lt_last_touch (JSON); existing fields named like utm_source, gclid or tracking_id are filled from the
// last touch. Values are set as properties, never written as HTML. Submits are tracked as form_submit.

const fill = /* @__PURE__ */ safe((): void => {
  const t = C.last_touch;
  // Field name → value: the last touch's utm_*, click ids, channel…, then the ids and JSON touches.
  const v = {
    ...t,
    ...t?.click_ids,
    tracking_id: C.tracking_id,
    lt_tracking_id: C.tracking_id,
    lt_first_touch: J(C.first_touch),
    lt_last_touch: J(t),
  } as Record<string, unknown>;
  for (const f of document.forms)
    for (const n in v) {
      let i = f.querySelector<HTMLInputElement>(`[name="${n}"]`);
      if (!i && /^lt_/.test(n)) (((i = f.appendChild(document.createElement('input'))).type = 'hidden'), (i.name = n));
      // A visible field the visitor typed into is theirs.
      if (i && v[n] && (i.type == 'hidden' || !i.value)) i.value = v[n] + '';
    }
});

/** The collector's email check (valibot's), after trimming. */
const EMAIL = /^[\w+-]+(\.[\w+-]+)*@[\da-z]+([.-][\da-z]+)*\.[a-z]{2,}$/i;

/**
 * Lead capture: the traits a submitted form names (email, phone, name), recognised by input type, `name`
 * and `autocomplete`. Only fields a visitor types into (text, email, tel: never a password, checkbox or
 * hidden input); never payment fields (cc-*, card, cvc, iban), fields that are not rendered (honeypots) or
 * `data-lt-ignore` ones (on the field or an ancestor). Name parts (given, family) are joined with a space;
 * an email the collector would refuse is left out.
 */
const grab = (f: HTMLFormElement): Record<string, string> => {
  const t: Record<string, string> = {};
  for (const i of f.querySelectorAll('input')) {
    const v = i.value.trim();
    const n = i.name + ' ' + i.autocomplete;
    const k =
      !v ||
      !/^(text|email|tel)$/.test(i.type) ||
      !i.getClientRects().length ||
      i.closest('[data-lt-ignore]') ||
      /cc-|card|cvc|cvv|iban/i.test(n)
        ? 0
        : i.type == 'email' || /mail/i.test(n)
          ? EMAIL.test(v) && 'email'
          : i.type == 'tel' || /phone|mobile|^tel|\btel$/i.test(n)
            ? 'phone'
            : /^(full|first|last|given|family|your)?[_-]?name\b|\bname$/i.test(n) && 'name';
    if (k) t[k] = k == 'name' && t[k] ? t[k] + ' ' + v : t[k] || v;
  }
  return t;
};

// ── Cross-domain ───────────────────────────────────────────────────────────────────────────────────
// Links to the listed domains get `_lt=<sig>.<json>` at click time: the id, the session, the time and the
// touches. The other domain adopts it when the signature matches (a hash over the data and this browser's
// user agent, so edited or copied links are refused) and it is under two minutes old, then removes it
// from the address bar.

const ID = /^[\w-]{8,64}$/;

const sig = (d: string): string => {
  let h = 5381;
  for (const c of d + navigator.userAgent) h = Math.imul(h, 33) ^ c.charCodeAt(0);
  return (h >>> 0).toString(36);
};

/** Is host `h` under one of `domains`? */
const under = (h: string, domains: string[]): boolean => domains.some((d) => ('.' + h).endsWith('.' + d));

/** `href` without the `_lt` parameter. */
const unparam = (href: string): string => {
  const u = new URL(href);
  u.searchParams.delete('_lt');
  return u.href;
};

// ── init ───────────────────────────────────────────────────────────────────────────────────────────

/** A feature is on unless its option is false or 'off' (the tag passes data-* strings). */
const enabled = (v: unknown): boolean => v !== false && v != 'off';

/** Never throws; in the npm build, calls made before init() are kept and replayed by it. */
const api = (
  __NPM__
    ? (f: (...a: unknown[]) => void) =>
        (...a: unknown[]) => {
          started ? safe(f)(...a) : pending.push(() => f(...a));
        }
    : safe
) as <A extends unknown[]>(f: (...a: A) => void) => (...a: A) => void;

/** What changed() writes to `_lt`: [context, last activity, retry queue]. */
const isStored = (v: unknown): v is [Context, number, LtEvent[]] =>
  v instanceof Array && v[0]?.touches instanceof Array && v[2] instanceof Array;

export const init = safe((o: Options): void => {
  if (started) return;
  started = 1;
  url = new URL(o.endpoint.replace(/\/?$/, '/v1/events'), location.href).href;
  // Options may come straight from the tag's data-* attributes: strings, 'off', comma lists.
  xd = __XD__ ? ((o.crossDomain || '') + '').split(/\s*,\s*/) : []; // [''] when none: no peer matches a real host
  widget = enabled(o.widget);
  // The landing URL as requested: a router or URL cleaner may already have stripped the query.
  let href = (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.name || location.href;

  // Restore the visitor (cookie first: the collector re-sets it, and Safari keeps that one longer).
  // A damaged entry (or another script's `_lt`) starts afresh instead of failing on every page.
  let st: unknown;
  try {
    st = JSON.parse(localStorage._lt);
  } catch {}
  const ck = readCookie();
  gpc = !!(navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl && o.gpc != 'ignore';
  // Identifiers exist only once consent was granted, so a 'pending' page keeps honouring that grant.
  setConsent(o.consent == 'pending' && (ck || isStored(st)) ? 'granted' : o.consent);
  // A batch the collector refuses (e.g. events older than 7 days) is dropped, so the queue heals itself.
  if (persist && isStored(st)) (Object.assign(C, st[0]), ([, seen, queue] = st));
  C.tracking_id = (persist && ck) || C.tracking_id || id();
  C.session_id ||= id();

  // A cross-domain hand-off: adopted when genuine and fresh; removed from the landing URL and the address
  // bar either way.
  const p = __XD__ && new URL(href).searchParams.get('_lt');
  if (p) {
    href = unparam(href);
    history.replaceState(history.state, '', unparam(location.href));
    try {
      const [s, d] = p.split(/\.(.*)/) as [string, string];
      const [t, ss, ts, f, l] = JSON.parse(d) as [string, string, number, Touch | null, Touch | null];
      if (s == sig(d) && now() - ts < 12e4 && ID.test(t) && ID.test(ss)) {
        C.tracking_id = t;
        C.session_id = ss;
        seen = now();
        // The earlier first touch wins; the other domain's last touch is the current one.
        if (f && !(C.first_touch!?.ts <= f.ts)) C.first_touch = f;
        if (l) C.touches.push((C.last_touch = l));
      }
    } catch {}
  }
  // Another host of this site (www → app) is no referral: probe the cookie's domain before capturing.
  probe();
  const t = capture(href, document.referrer, (h) => under(h, [site, ...xd]));
  C.first_touch ||= t;
  // Last touch: a campaign or a new external referral overrides; a direct visit never does.
  // The same landing URL and referrer again (a reload, the same campaign link) is no new touch.
  const l = C.last_touch;
  if (!l || (t.channel != 'direct' && t.landing_url! + t.referrer != l.landing_url! + l.referrer))
    ((C.touches = [...C.touches, (C.last_touch = t)].slice(-10)), (seen = 0)); // a new source starts a new session

  // Flush on the way out (pagehide, tab hidden; a page restored from the back/forward cache gets
  // visibilitychange again) and as soon as the network is back.
  on('pagehide visibilitychange', (e) => (hidden = e.type == 'pagehide' || document.hidden) && flush(1));
  on('online', () => {
    // Network errors back off blindly; a server's Retry-After (fails stays 0) still stands.
    if (fails) retryAt = 0;
    flush();
  });

  // page_view on load (when shown, for prerendered pages) and once per real SPA route change.
  // Deferred: routers usually set the title after pushState.
  const check = (): void => {
    setTimeout(() => key() != shown && pageView());
  };
  for (const m of ['pushState', 'replaceState'] as const) {
    const orig = history[m];
    history[m] = (...a: Parameters<History['pushState']>) => (orig.apply(history, a), check());
  }
  on('popstate hashchange', check);
  (document as Document & { prerendering?: boolean }).prerendering ? on('prerenderingchange', () => pageView()) : pageView();

  if (__FORMS__ && enabled(o.forms)) {
    grabs = enabled(o.capture);
    fill();
    on('leadtrail:context', fill);
    new MutationObserver(fill).observe(document, { childList: true, subtree: true });
    // Capture phase: runs before page handlers that may navigate away.
    on('submit', (e) => {
      fill();
      const f = e.target as HTMLFormElement;
      // getAttribute: f.name would be shadowed by an input named "name". Field values are not sent.
      send('form_submit', { name: (f.id || f.getAttribute('name') || 'form').slice(0, 128) });
      // The form's email becomes the lead's: only with consent to keep ids, unless the tag or tenant says off.
      const t = persist && grabs && grab(f);
      if (t && Object.keys(t)[0]) identify(t);
    });
  }

  // mousedown also covers middle-click and "open in new tab"; click covers the keyboard.
  if (__XD__ && xd[0])
    on('mousedown click', (e) => {
      const a = (e.target as Element).closest?.('a');
      if (persist && a && a.hostname != location.hostname && under(a.hostname, xd)) {
        const d = J([C.tracking_id, C.session_id, now(), C.first_touch, C.last_touch]);
        const u = new URL(a.href);
        u.searchParams.set('_lt', sig(d) + '.' + d);
        a.href = u.href;
      }
    });
  changed();
  // Last: a launcher that failed would not stop the tracker. The Worker writes its data-launcher.
  if (__WIDGET__ && widget && o.launcher) launcher(o.endpoint, JSON.parse(o.launcher));
  if (__NPM__) pending.map((f) => safe(f)());
});

/** A track event without a name would sink its batch: such calls are ignored. */
export const track = api((name: string, props?: Props) => {
  if (name) send('track', { name: String(name).slice(0, 128), props: clean(props) });
});

export const page = api(pageView);

/**
 * An email the collector would refuse (its check, valibot's, after trimming) would sink the whole batch,
 * page views included: it is left out of the traits and the rest is sent.
 */
export const identify = api((traits: Traits) => {
  const t = clean(traits, 254) as Record<string, string> | undefined;
  if (t?.email && !EMAIL.test(t.email.trim())) {
    if (__NPM__) console.warn('[leadtrail] identify: not an email address, left out:', t.email);
    delete t.email;
  }
  send('identify', { traits: t });
});

export const consent = api((c: Consent) => {
  if (/^(granted|pending|denied)$/.test(c)) (setConsent(c), changed());
});

/**
 * The widget listens for `leadtrail:open-widget`; so does the launcher (lt.js of a tenant with a widget), which
 * loads the widget first. Elsewhere a safe no-op.
 */
export const openWidget = api(() => {
  if (widget) emit('open-widget');
});

/** undefined before init(). */
export const context = (): Context | undefined => started && JSON.parse(J(C));
