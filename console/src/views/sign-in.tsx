/**
 * Sign-in: paste a console token; GET /v1/admin/me verifies it (the API's refusal is shown as it came).
 * After an expired or refused token, and after sign-out, the page says why it is here.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useUi } from '../context';
import type { Lang } from '../i18n/lang';
import { ErrorBox } from '../parts/feedback';
import { LangSwitch } from '../parts/lang-switch';
import { asApiError } from '../use-api';

export type Notice = 'expired' | 'signedOut' | null;

export function SignIn({
  notice,
  onSignIn,
  onLang,
}: {
  notice: Notice;
  onSignIn(token: string): Promise<unknown>;
  onLang(lang: Lang): void;
}) {
  const { t } = useUi();
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [empty, setEmpty] = useState(false);
  const field = useRef<HTMLTextAreaElement>(null);

  useEffect(() => field.current?.focus(), []);

  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    const value = token.trim();
    setEmpty(value == '');
    if (value == '') {
      field.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    const refused = await onSignIn(value);
    setBusy(false);
    if (refused !== null) {
      setError(refused);
      field.current?.focus();
    }
  };

  return (
    <main id="main" class="signin">
      <div class="signin-top">
        <span class="brand">LeadTrail</span>
        <LangSwitch onLang={onLang} />
      </div>
      <h1>{t.signIn.title}</h1>
      {notice && (
        <p class={notice == 'expired' ? 'notice warn' : 'notice'} role="status">
          {notice == 'expired' ? t.signIn.expired : t.signIn.signedOut}
        </p>
      )}
      <p>{t.signIn.intro}</p>
      <form onSubmit={submit} noValidate>
        <label for="token">{t.signIn.token}</label>
        <textarea
          id="token"
          ref={field}
          rows={4}
          spellcheck={false}
          autocomplete="off"
          aria-describedby="token-hint"
          aria-invalid={empty || error !== null ? 'true' : undefined}
          value={token}
          onInput={(e) => setToken(e.currentTarget.value)}
        />
        <p id="token-hint" class="muted">
          {empty ? t.signIn.empty : t.signIn.hint}
        </p>
        <button type="submit" disabled={busy}>
          {busy ? t.signIn.checking : t.signIn.submit}
        </button>
      </form>
      {error !== null && <ErrorBox error={asApiError(error)} />}
    </main>
  );
}
