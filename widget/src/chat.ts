/**
 * The live chat after the questionnaire (README, Widget → Chat), without UI: a per-visitor token from
 * POST /v1/chat/token, the history from GET /v1/chat/messages, agent replies pushed over the visitor's WebSocket
 * (GET /v1/chat/socket; reconnects with backoff and catches up from the history cursor), and an outbox: what the
 * visitor types is queued with its client id and sent when online, so a retry or a reload never sends it twice
 * (the server keeps one message per client id).
 *
 * Storage follows the tracker's consent: the token and the outbox live in localStorage `_lt_chat` only while the
 * tracker persists (its `_lt` entry exists); otherwise in memory, for this page only.
 */
export interface Line {
  key: string;
  text: string;
  at: number;
  me?: boolean;
  /** Typed, not yet accepted by the server. */
  wait?: boolean;
}

/** What the server sends per message (core/chat/store.ts ChatItem). */
type Item = { from: 'agent'; id: number; text: string; at: number } | { from: 'visitor'; client_id: string; text: string; at: number };

/** [tracking id, token, token expiry, outbox of [client id, text, typed at], this browser's claim key] */
type Stored = [string, string, number, [string, string, number][], string];

export type ChatState = 'on' | 'held' | 'off';

const KEY = '_lt_chat';
const DAY = 864e5;

const persists = (): boolean => {
  try {
    return !!localStorage._lt;
  } catch {
    return false;
  }
};

/** Without the tracker's consent to store ids, a chat stored earlier is removed, not read. */
const load = (id: string): Stored | undefined => {
  try {
    if (!persists()) return void delete localStorage[KEY];
    const s = JSON.parse(localStorage[KEY]) as Stored;
    return s[0] == id ? s : undefined;
  } catch {}
};

/** A visitor who has chatted in this browser goes straight back to the chat (the questionnaire is done). */
export const hasChat = (id: string): boolean => !!load(id)?.[1];

export const chat = (base: string, id: string, update: (lines: Line[], state: ChatState) => void) => {
  // The key binds the visitor's chat to this browser (README, Widget → Chat): random, never sent anywhere else.
  const st: Stored = load(id) || [
    id,
    '',
    0,
    [],
    [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join(''),
  ];
  const lines = new Map<string, Line>();
  let state: ChatState = 'on';
  let cursor = 0;
  let ws: WebSocket | undefined;
  let backoff = 0;
  let busy: boolean | undefined;
  let stopped: boolean | undefined;

  const save = (): void => {
    try {
      persists() ? (localStorage[KEY] = JSON.stringify(st)) : delete localStorage[KEY];
    } catch {}
  };
  const emit = (): void =>
    update(
      [...lines.values()].sort((a, b) => a.at - b.at),
      state,
    );
  const add = (items: Item[]): void => {
    for (const m of items)
      m.from == 'agent'
        ? ((cursor = Math.max(cursor, m.id)), lines.set('a' + m.id, { key: 'a' + m.id, text: m.text, at: m.at }))
        : lines.set(m.client_id, { key: m.client_id, text: m.text, at: m.at, me: true });
    emit();
  };
  for (const [c, x, a] of st[3]) lines.set(c, { key: c, text: x, at: a, me: true, wait: true });

  /** text/plain bodies: no CORS preflight. Rejects with the HTTP status (0 offline). */
  const api = <T>(path: string, body?: object): Promise<T> =>
    fetch(new URL(path, base), body && { method: 'POST', body: JSON.stringify(body) }).then(
      (r) => (r.ok ? (r.json() as Promise<T>) : Promise.reject(r.status)),
      () => Promise.reject(0),
    );

  /**
   * Renewed once a day while the visitor comes back, with the same key (so a retry after a lost answer gets the
   * claim back too); a chat held by another browser leaves it off ('held').
   */
  const token = async (): Promise<string> => {
    if (st[2] - Date.now() < 29 * DAY) {
      const r = await api<{ token: string; expires_at: number }>('v1/chat/token', { tracking_id: id, key: st[4] }).catch((s) => {
        if (s == 403) ((state = 'held'), emit());
        throw s;
      });
      st[1] = r.token;
      st[2] = r.expires_at;
      save();
    }
    return st[1];
  };

  const history = async (): Promise<void> =>
    add(
      (await api<{ messages: Item[] }>('v1/chat/messages?' + new URLSearchParams({ token: await token(), after: '' + cursor }))).messages,
    );

  const connect = (): void => {
    if (stopped || ws) return;
    const u = new URL('v1/chat/socket', base);
    u.protocol = u.protocol == 'https:' ? 'wss:' : 'ws:';
    u.searchParams.set('token', st[1]);
    const s = (ws = new WebSocket(u));
    // Cloudflare closes a silent socket after about 100 s; the room answers pings without waking up.
    const ping = setInterval(() => s.send('ping'), 3e4);
    s.onopen = () => {
      backoff = 0;
      history().catch(() => {}); // what arrived while we were away
    };
    s.onmessage = (e) => e.data != 'pong' && add([JSON.parse(e.data)]);
    s.onclose = () => {
      clearInterval(ping);
      ws = undefined;
      if (!stopped) setTimeout(connect, Math.min(3e4, 1e3 << backoff++));
    };
  };

  /** The outbox, oldest first, one at a time; offline (or failing) it waits for `online` or retries. */
  const flush = async (): Promise<void> => {
    const m = st[3][0];
    if (busy || !m || stopped) return;
    busy = true;
    try {
      await api('v1/chat/messages', { token: await token(), client_id: m[0], text: m[1] });
      st[3].shift();
      save();
      lines.set(m[0], { key: m[0], text: m[1], at: m[2], me: true });
      emit();
      busy = false;
      connect(); // the chat may have started offline: the live line too
      flush();
    } catch (s) {
      busy = false;
      // An invalid message (4xx) never succeeds: dropped. Offline, 408, 429 and 5xx: later.
      if (s && s != 401 && s != 408 && s != 429 && (s as number) < 500) {
        st[3].shift();
        lines.delete(m[0]);
        save();
        emit();
      }
      if (s == 401) st[2] = 0; // renew the token on the next try
      if (navigator.onLine) setTimeout(flush, 5e3);
    }
  };
  addEventListener('online', flush);

  const start = async (): Promise<void> => {
    emit();
    try {
      await history();
      connect();
    } catch {
      // Offline, or held: the outbox waits; a later open tries again.
    }
    flush();
  };

  return {
    start,
    send(text: string): void {
      const c = Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
      st[3].push([c, text, Date.now()]);
      save();
      lines.set(c, { key: c, text, at: Date.now(), me: true, wait: true });
      emit();
      flush();
    },
    stop(): void {
      stopped = true;
      ws?.close();
      removeEventListener('online', flush);
    },
  };
};
