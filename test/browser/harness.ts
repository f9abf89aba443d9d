/**
 * Browser-test harness: one Chromium per test file, a fresh context per test, the events each page
 * sends (read from the network), and the rows the collector stored (read from local D1).
 */
import { type Client, createClient } from '@libsql/client';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import type { Context, Touch } from '../../sdk/src/types';

export const PORT = inject('port');
export const LOCAL = `http://localhost:${PORT}`;
export const LOOPBACK = `http://127.0.0.1:${PORT}`;

export type { Context, Touch };
export interface SentEvent {
  event_id: string;
  type: string;
  name?: string;
  url?: string;
  referrer?: string;
  tracking_id: string;
  /** The browser's clock when the event happened (the stored `ts` column is skew-corrected server time). */
  ts: number;
  first_touch?: Touch | null;
  last_touch?: Touch | null;
  traits?: Record<string, string>;
  bot?: boolean;
}
export interface Row {
  event_id: string;
  type: string;
  name: string | null;
  tracking_id: string;
  bot: number;
  event: SentEvent;
}

let browser: Browser;
/** A second Chromium whose every request, beacons sent while a page unloads included, has HUMAN_UA. */
let human: Browser | undefined;
let db: Client;

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
];

/** Call at the top of a test file. */
export const useBrowser = (): void => {
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ARGS,
    });
    db = createClient({ url: 'file:' + inject('d1File') });
  });
  afterAll(async () => {
    await browser?.close();
    await human?.close();
    db?.close();
  });
};

export const newContext = (opts?: Parameters<Browser['newContext']>[0]): Promise<BrowserContext> => browser.newContext(opts);

/**
 * A context the collector takes for a person: headless Chromium is a bot twice over (its user agent says
 * HeadlessChrome, and automation sets navigator.webdriver, which the tracker sends as `bot: true`), and bots
 * never become leads. Tests about leads use a Chromium that presents a desktop Chrome user agent, and hide
 * the webdriver flag.
 */
export const HUMAN_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';
export const humanContext = async (opts?: Parameters<Browser['newContext']>[0]): Promise<BrowserContext> => {
  // A context's userAgent option misses the beacons a page sends as it unloads (a form submit's events):
  // the browser-wide flag covers them.
  human ??= await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...ARGS, `--user-agent=${HUMAN_UA}`] });
  const ctx = await human.newContext(opts);
  await ctx.addInitScript(() => Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false }));
  return ctx;
};

export interface Lead {
  id: string;
  email: string | null;
  phone: string | null;
  name: string | null;
  traits: Record<string, string>;
}

/** The lead a tracking id belongs to in local D1 (through lead_aliases), if any. */
export const leadOf = async (trackingId: string): Promise<Lead | undefined> => {
  const r = await db.execute({
    sql: `SELECT l.id, l.email, l.phone, l.name, l.traits FROM lead_aliases a JOIN leads l ON l.tenant_id = a.tenant_id AND l.id = a.lead_id
          WHERE a.tracking_id = ?`,
    args: [trackingId],
  });
  const x = r.rows[0];
  if (!x) return undefined;
  const text = (v: unknown): string | null => (v == null ? null : String(v));
  return {
    id: String(x.id),
    email: text(x.email),
    phone: text(x.phone),
    name: text(x.name),
    traits: JSON.parse(String(x.traits)) as Record<string, string>,
  };
};

/** Polls until `f` returns something truthy (never a fixed sleep as an assertion). */
export const until = async <T>(f: () => Promise<T> | T, what: string | (() => string), timeout = 30_000): Promise<NonNullable<T>> => {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await f();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${typeof what == 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

/**
 * Rows stored for a tracking id (read-only query on the local D1 file), in the order the browser made them.
 * The `ts` column is corrected by each batch's own latency (Segment's sentAt rule), so two batches sent a
 * few milliseconds apart on a loaded machine can swap places there; the browser's own clock cannot.
 */
export const rows = async (trackingId: string): Promise<Row[]> => {
  const r = await db.execute({
    sql: 'SELECT event_id, type, name, tracking_id, bot, payload FROM raw_events WHERE tracking_id = ? ORDER BY ts',
    args: [trackingId],
  });
  const stored = r.rows.map((x) => ({
    event_id: String(x.event_id),
    type: String(x.type),
    name: x.name == null ? null : String(x.name),
    tracking_id: String(x.tracking_id),
    bot: Number(x.bot),
    event: (JSON.parse(String(x.payload)) as { event: SentEvent }).event,
  }));
  return stored.sort((a, b) => a.event.ts - b.event.ts);
};

/** Waits until the rows for `trackingId` satisfy `ok`, and returns them. */
export const rowsUntil = (trackingId: string, ok: (r: Row[]) => boolean, what: string | (() => string), timeout?: number): Promise<Row[]> =>
  until(
    async () => {
      const r = await rows(trackingId);
      return ok(r) ? r : undefined;
    },
    what,
    timeout,
  );

/** Every event a context posts to the collector (fetch and sendBeacon alike), with the response status. */
export const recordEvents = (ctx: BrowserContext): { sent: SentEvent[]; accepted: SentEvent[] } => {
  const log = { sent: [] as SentEvent[], accepted: [] as SentEvent[] };
  ctx.on('request', (req) => {
    if (!req.url().endsWith('/v1/events') || req.method() != 'POST') return;
    const events = (JSON.parse(req.postData() || '{}') as { events?: SentEvent[] }).events || [];
    log.sent.push(...events);
    void req.response().then(
      (res) => {
        if (res?.status() == 202) log.accepted.push(...events);
      },
      () => {},
    );
  });
  return log;
};

export type { Page, BrowserContext };
