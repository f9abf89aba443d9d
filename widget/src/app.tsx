/**
 * The widget: a launcher, and a modal dialog that asks the questionnaire as a chat. Every scoring event of
 * design §4 goes through the tracker (core/scoring/types.ts SCORING_EVENTS names them), with the visitor's
 * A/B variant; answer points are the server's business.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { Ask } from './ask';
import { type ChatState, type Line, chat, hasChat } from './chat';
import { Composer } from './composer';
import { END, nextOf, remaining } from './flow';
import type { Strings } from './strings';
import type { Tracker } from './tracker';
import type { Lang, Script, WidgetConfig } from './types';

export interface AppProps {
  config: WidgetConfig;
  script: Script;
  lt: Tracker;
  t: Strings;
  lang: Lang;
  /** Opened by the launcher in lt.js (or a trigger) before this bundle loaded: open at once. */
  opened?: string;
  /** The collector (the widget's own origin and path), for the chat's routes. */
  base: string;
  /** The tenant offers a live chat after the questionnaire (GET /v1/config `chat`). */
  live: boolean;
}

interface Message {
  me?: boolean;
  text: string;
}

/** The log scrolls, so it takes the focus too (keyboard users scroll it with the arrows). */
const FOCUSABLE = 'button,input,a[href],[tabindex]';

/** sessionStorage: the chat was open on the last page, so the launcher in lt.js reopens it on this one. */
const REOPEN = '_lt_wc';
const remember = (on: boolean): void => {
  try {
    on ? (sessionStorage[REOPEN] = 1) : delete sessionStorage[REOPEN];
  } catch {}
};

export function App({ config, script, lt, t, lang, opened, base, live }: AppProps) {
  const { theme, cta } = config;
  const first = script.order[0]!;
  const id = lt.context()!.tracking_id;
  // A visitor who already chatted in this browser is taken back to the chat, not to the first question.
  const back = live && hasChat(id);
  const [open, setOpen] = useState(false);
  const [current, setCurrent] = useState(back ? END : first);
  const [answered, setAnswered] = useState(0);
  const [log, setLog] = useState<Message[]>(back ? [{ text: t.chat }] : [{ text: script.greeting }, { text: script.byId[first]!.text }]);
  const [lines, setLines] = useState<Line[]>([]);
  const [chatState, setChatState] = useState<ChatState>('off');
  const session = useRef<ReturnType<typeof chat> | undefined>(undefined);
  const shownAt = useRef(0);
  const replied = useRef(false);
  const panel = useRef<HTMLDivElement>(null);
  const launcher = useRef<HTMLButtonElement>(null);
  const logBox = useRef<HTMLDivElement>(null);

  const track = (name: string, props: Record<string, string | number | undefined> = {}): void =>
    lt.track(name, { ...props, variant: script.variant });

  // A ref as well as the state: the open-widget listener is registered once and must see the present.
  const isOpen = useRef(false);
  const show = (via: string): void => {
    if (isOpen.current) return;
    isOpen.current = true;
    track('widget_opened', { via });
    shownAt.current = Date.now();
    setOpen(true);
  };
  const close = (): void => {
    isOpen.current = false;
    remember(false);
    setOpen(false);
    setTimeout(() => launcher.current?.focus());
  };

  // The questionnaire is over and the panel open: the chat starts (once) and stays connected while the page lives.
  const chatting = live && open && current == END;
  useEffect(() => {
    if (!chatting) return;
    remember(true);
    if (!session.current) {
      session.current = chat(base, id, (l, s) => {
        setLines(l);
        setChatState(s);
      });
      session.current.start();
    }
  }, [chatting]);
  useEffect(() => () => session.current?.stop(), []);

  useEffect(() => {
    const api = (): void => show('api');
    addEventListener('leadtrail:open-widget', api);
    if (opened) show(opened);
    return () => removeEventListener('leadtrail:open-widget', api);
  }, []);

  // A new question (or the panel opening) takes the focus; the log scrolls to the newest message.
  useEffect(() => {
    if (!open) return;
    const target = panel.current?.querySelector<HTMLElement>('form input, form button, .done a, .done button');
    (target || panel.current?.querySelector<HTMLElement>(FOCUSABLE))?.focus();
  }, [open, current]);
  useEffect(() => {
    const box = logBox.current;
    if (box) box.scrollTop = box.scrollHeight;
  }, [open, log, lines]);

  const answer = (value: string | undefined, shown: string): void => {
    const q = script.byId[current]!;
    if (value !== undefined) {
      track('question_answered', { question_id: q.id, value, reply_ms: Date.now() - shownAt.current });
      if (!replied.current) track('widget_replied');
      replied.current = true;
      for (const o of q.options || [])
        if (o.signal && value.split(',').includes(o.value)) track(o.signal, { question_id: q.id, value: o.value });
      if (q.type == 'email' || q.type == 'phone') {
        lt.identify(q.type == 'email' ? { email: value } : { phone: value });
        track('contact_shared', { kind: q.type });
      }
      setAnswered(answered + 1);
    }
    const next = nextOf(script, q.id, value);
    if (next == END) track('questionnaire_completed', { answered: answered + (value === undefined ? 0 : 1) });
    setLog([...log, { me: true, text: shown }, { text: next == END ? (live ? t.chat : t.thanks) : script.byId[next]!.text }]);
    setCurrent(next);
    shownAt.current = Date.now();
  };

  /** Tab and Shift+Tab cycle inside the open dialog; Escape closes it. */
  const keys = (e: KeyboardEvent): void => {
    if (e.key == 'Escape') return close();
    if (e.key != 'Tab' || !panel.current) return;
    const all = [...panel.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const active = (panel.current.getRootNode() as ShadowRoot).activeElement;
    const edge = e.shiftKey ? all[0] : all[all.length - 1];
    if (active == edge || !panel.current.contains(active)) {
      e.preventDefault();
      (e.shiftKey ? all[all.length - 1] : all[0])?.focus();
    }
  };

  const total = answered + remaining(script, current);
  const name = theme.agent_name || t.title;
  return (
    <div class={theme.position == 'left' ? 'w left' : 'w'} lang={lang}>
      {open ? (
        <div ref={panel} id="lt-panel" class="panel" role="dialog" aria-modal="true" aria-labelledby="lt-title" onKeyDown={keys}>
          <div class="hd">
            {theme.avatar_url && <img src={theme.avatar_url} alt="" />}
            <h2 id="lt-title">{name}</h2>
            <button type="button" class="x" aria-label={t.close} onClick={close}>
              ×
            </button>
          </div>
          <div ref={logBox} class="log" role="log" aria-live="polite" tabIndex={0}>
            {log.map((m, i) => (
              <p key={i} class={m.me ? 'me' : undefined}>
                {m.text}
              </p>
            ))}
            {lines.map((m) => (
              <p key={m.key} class={m.me ? (m.wait ? 'me wait' : 'me') : undefined}>
                {m.text}
                {m.wait && <small>{t.sending}</small>}
              </p>
            ))}
            {chatState == 'held' && <p>{t.held}</p>}
          </div>
          {chatting && chatState == 'on' && <Composer t={t} onSend={(text) => session.current?.send(text)} />}
          {current == END ? (
            cta && (
              <div class="done ft">
                <a
                  class="b"
                  href={cta.url}
                  target="_blank"
                  rel="noopener"
                  onClick={() => {
                    track('cta_clicked', { kind: cta.kind });
                    if (cta.kind == 'book_demo') track('demo_requested', { via: 'cta' });
                  }}
                >
                  {cta.label}
                </a>
              </div>
            )
          ) : (
            <Ask key={current} q={script.byId[current]!} t={t} onAnswer={answer} />
          )}
          {!chatting && (
            <div class="row ft">
              <progress max={total} value={answered} aria-label={t.progress} />
              <span>
                {answered} {t.of} {total}
              </span>
            </div>
          )}
        </div>
      ) : (
        <button ref={launcher} type="button" class="b launch" aria-haspopup="dialog" aria-expanded="false" onClick={() => show('click')}>
          {theme.launcher_text || t.launcher}
        </button>
      )}
    </div>
  );
}
