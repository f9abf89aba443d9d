/**
 * Hash routes, so the Worker serves one page (/console) and a reload or a shared link lands on the same view:
 * #/dashboard, #/leads, #/leads/<id>, #/deliveries, #/alerts, #/privacy. Anything else is the dashboard.
 */
export type Route =
  | { view: 'dashboard' }
  | { view: 'leads' }
  | { view: 'lead'; id: string }
  | { view: 'deliveries' }
  | { view: 'alerts' }
  | { view: 'privacy' };

export type TopView = 'dashboard' | 'leads' | 'deliveries' | 'alerts' | 'privacy';
export const TOP_VIEWS: readonly TopView[] = ['dashboard', 'leads', 'deliveries', 'alerts', 'privacy'];

export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('?')[0]!.split('/').filter(Boolean);
  const [first, second] = parts;
  if (first == 'leads' && second) return { view: 'lead', id: decodeURIComponent(second) };
  if (first && (TOP_VIEWS as readonly string[]).includes(first)) return { view: first as TopView };
  return { view: 'dashboard' };
}

export function href(route: Route): string {
  return route.view == 'lead' ? `#/leads/${encodeURIComponent(route.id)}` : `#/${route.view}`;
}

/** The top-level section a route belongs to (a lead's page is under Leads in the navigation). */
export function section(route: Route): TopView {
  return route.view == 'lead' ? 'leads' : route.view;
}
