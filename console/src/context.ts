/** What every view needs: the words, the formatters, and the signed-in session (token, who, sign-out). */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Me } from './api/types';
import type { Format } from './i18n/format';
import type { Strings } from './i18n/en';
import type { Lang } from './i18n/lang';

export interface Session {
  token: string;
  me: Me;
  /** Ends the session; `expired` shows the sign-in page with the "session ended" message. */
  signOut(expired?: boolean): void;
}

export interface Ui {
  t: Strings;
  f: Format;
  lang: Lang;
}

export const UiContext = createContext<Ui | null>(null);
export const SessionContext = createContext<Session | null>(null);

export function useUi(): Ui {
  const ui = useContext(UiContext);
  if (!ui) throw new Error('useUi outside <UiContext.Provider>');
  return ui;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside <SessionContext.Provider>');
  return session;
}

export function isAdmin(session: Session): boolean {
  return session.me.role == 'admin';
}
