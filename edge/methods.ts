/**
 * Which methods each exact route path takes, read from the app's own route list once every route is
 * registered, so the 405 `Allow` header and the CORS preflight cannot drift from the routes.
 */
export type RouteMethods = ReadonlyMap<string, readonly string[]>;

interface RouteEntry {
  method: string;
  path: string;
}

/**
 * Exact paths only: wildcard routes (the example pages under `/*`) and middleware (`ALL`) are left out,
 * so an unknown path stays a 404. A GET route answers HEAD too (Hono runs GET for HEAD); paths under
 * `preflightPrefix` answer OPTIONS (the CORS preflight).
 */
export function routeMethods(routes: readonly RouteEntry[], preflightPrefix: string): Map<string, string[]> {
  const byPath = new Map<string, Set<string>>();
  for (const { method, path } of routes) {
    if (method === 'ALL' || path.includes('*') || path.includes(':')) continue;
    const methods = byPath.get(path) ?? new Set<string>();
    methods.add(method);
    if (method === 'GET') methods.add('HEAD');
    byPath.set(path, methods);
  }
  const order = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
  const table = new Map<string, string[]>();
  for (const [path, methods] of byPath) {
    if (path.startsWith(preflightPrefix)) methods.add('OPTIONS');
    table.set(
      path,
      [...methods].sort((a, b) => order.indexOf(a) - order.indexOf(b)),
    );
  }
  return table;
}
