/**
 * The signed-in page: skip link, header (tenant, role, language, sign-out), the main navigation and the view
 * the hash names. On a route change the focus moves to the new view's heading, so keyboard and screen-reader
 * users land where the content changed.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useSession, useUi } from './context';
import type { Lang } from './i18n/lang';
import { LangSwitch } from './parts/lang-switch';
import { SkipLink } from './parts/skip-link';
import { href, parseHash, type Route, section, TOP_VIEWS } from './router';
import { Alerts } from './views/alerts';
import { Dashboard } from './views/dashboard';
import { Deliveries } from './views/deliveries';
import { Lead } from './views/lead';
import { Leads } from './views/leads';
import { Privacy } from './views/privacy';

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const onHash = () => setRoute(parseHash(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  return route;
}

function View({ route }: { route: Route }) {
  switch (route.view) {
    case 'dashboard':
      return <Dashboard />;
    case 'leads':
      return <Leads />;
    case 'lead':
      return <Lead id={route.id} />;
    case 'deliveries':
      return <Deliveries />;
    case 'alerts':
      return <Alerts />;
    case 'privacy':
      return <Privacy />;
  }
}

export function Shell({ onLang }: { onLang(lang: Lang): void }) {
  const { t } = useUi();
  const session = useSession();
  const route = useRoute();
  const current = section(route);
  const first = useRef(true);
  const key = href(route);

  useEffect(() => {
    // Not on the first render: a fresh page load keeps the focus where the browser puts it.
    if (first.current) {
      first.current = false;
      return;
    }
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [key]);

  return (
    <>
      <SkipLink />
      <header class="top">
        <span class="brand">LeadTrail</span>
        <p class="who" data-testid="who">
          <span class="tenant">{session.me.tenant_name ?? session.me.tenant}</span>{' '}
          <span class="muted">
            {t.signedInAs} {session.me.subject}
          </span>{' '}
          <span class={`badge role-${session.me.role}`}>{t.role[session.me.role]}</span>
        </p>
        <LangSwitch onLang={onLang} />
        <button type="button" class="secondary" onClick={() => session.signOut()}>
          {t.signOut}
        </button>
      </header>
      <nav class="nav" aria-label={t.nav.label}>
        <ul>
          {TOP_VIEWS.map((view) => (
            <li key={view}>
              <a href={`#/${view}`} aria-current={current == view ? 'page' : undefined}>
                {t.nav[view]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        <View key={key} route={route} />
      </main>
    </>
  );
}

export function LoadingPage() {
  const { t } = useUi();
  return (
    <main id="main" class="signin">
      <p role="status">{t.loading}</p>
    </main>
  );
}
