/**
 * A cursor-paginated list (`{ <items>, next_cursor }`): the first page whenever the query changes, then
 * "load more" appends the next page. Keyset cursors are opaque; the page only hands them back.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ApiError } from './api/client';
import { adminJson } from './api/client';
import { useSession } from './context';
import { asApiError, handleUnauthorized } from './use-api';

export interface Paged<T> {
  items: T[];
  next: string | null;
  error: ApiError | null;
  loading: boolean;
  /** The first page has arrived at least once for this query. */
  loaded: boolean;
  loadMore(): void;
  reload(): void;
}

/** `path` has its filters in the query string already (or none); null: do not load. */
export function usePaged<T>(path: string | null, key: string): Paged<T> {
  const session = useSession();
  const [items, setItems] = useState<T[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const [round, setRound] = useState(0);

  const fetchPage = (cursor: string | null, append: boolean, signal?: AbortSignal): void => {
    if (path === null) return;
    const url = cursor ? `${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}` : path;
    setLoading(true);
    setError(null);
    adminJson<Record<string, unknown>>(session.token, url, signal ? { signal } : {}).then(
      (page) => {
        const rows = (Array.isArray(page[key]) ? page[key] : []) as T[];
        setItems((old) => (append ? [...old, ...rows] : rows));
        setNext(typeof page.next_cursor == 'string' ? page.next_cursor : null);
        setLoading(false);
        setLoaded(true);
      },
      (e: unknown) => {
        if (signal?.aborted) return;
        handleUnauthorized(session, e);
        setError(asApiError(e));
        setLoading(false);
      },
    );
  };

  useEffect(() => {
    setItems([]);
    setNext(null);
    setLoaded(false);
    const abort = new AbortController();
    fetchPage(null, false, abort.signal);
    return () => abort.abort();
  }, [path, key, round, session.token]);

  return {
    items,
    next,
    error,
    loading,
    loaded,
    loadMore: () => {
      if (next) fetchPage(next, true);
    },
    reload: () => setRound((r) => r + 1),
  };
}
