/**
 * The console: sign-in until a token is verified by GET /v1/admin/me, then the signed-in shell with the
 * view the hash names. A 401 from any call, or the token's own expiry, ends the session with a message.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { adminJson } from './api/client';
import { storedToken, storeToken } from './api/session';
import type { Me } from './api/types';
import { type Session, SessionContext, type Ui, UiContext } from './context';
import { format } from './i18n/format';
import { initialLang, type Lang, rememberLang, strings } from './i18n/lang';
import { LoadingPage, Shell } from './shell';
import { type Notice, SignIn } from './views/sign-in';

/** setTimeout's ceiling (about 24.8 days); a token that lives longer is checked again by the API's 401. */
const MAX_TIMER_MS = 2_147_483_647;

export function App() {
  const [lang, setLang] = useState<Lang>(initialLang);
  const ui = useMemo<Ui>(() => ({ lang, t: strings(lang), f: format(lang) }), [lang]);
  const [signedIn, setSignedIn] = useState<{ token: string; me: Me } | null>(null);
  const [checking, setChecking] = useState(() => storedToken() !== null);
  const [notice, setNotice] = useState<Notice>(null);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = ui.t.appName;
  }, [lang]);

  const changeLang = (next: Lang): void => {
    rememberLang(next);
    setLang(next);
  };

  const signOut = (expired = false): void => {
    storeToken(null);
    setSignedIn(null);
    setNotice(expired ? 'expired' : 'signedOut');
  };

  /** Resolves to null when signed in, else to the error to show. */
  const signIn = async (token: string): Promise<unknown> => {
    try {
      const me = await adminJson<Me>(token, '/v1/admin/me');
      storeToken(token);
      setNotice(null);
      setSignedIn({ token, me });
      return null;
    } catch (error) {
      return error;
    }
  };

  // A token kept from earlier in this tab: verify it once; refused → the sign-in page says the session ended.
  useEffect(() => {
    const token = storedToken();
    if (token === null) return;
    void signIn(token).then((error) => {
      if (error !== null) {
        storeToken(null);
        setNotice('expired');
      }
      setChecking(false);
    });
  }, []);

  // The token's own expiry ends the session even if the page makes no request.
  useEffect(() => {
    if (!signedIn) return;
    const left = Date.parse(signedIn.me.expires_at) - Date.now();
    if (!Number.isFinite(left) || left > MAX_TIMER_MS) return;
    const timer = setTimeout(() => signOut(true), Math.max(0, left));
    return () => clearTimeout(timer);
  }, [signedIn]);

  const session = useMemo<Session | null>(() => (signedIn ? { ...signedIn, signOut } : null), [signedIn]);

  return (
    <UiContext.Provider value={ui}>
      {session ? (
        <SessionContext.Provider value={session}>
          <Shell onLang={changeLang} />
        </SessionContext.Provider>
      ) : checking ? (
        <LoadingPage />
      ) : (
        <SignIn notice={notice} onSignIn={signIn} onLang={changeLang} />
      )}
    </UiContext.Provider>
  );
}
