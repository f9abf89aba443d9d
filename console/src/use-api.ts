/**
 * Data for a view: GET an admin path with the session's token whenever the path changes; a stale answer
 * (the path changed meanwhile) is dropped. A 401 means the token expired or was revoked: back to sign-in.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, adminJson } from './api/client';
import { type Session, useSession } from './context';

export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload(): void;
}

/** Ends the session on a 401 (and says so); every other error is the caller's to show. */
export function handleUnauthorized(session: Session, error: unknown): void {
  if (error instanceof ApiError && error.status == 401) session.signOut(true);
}

export function useApi<T>(path: string | null): Loaded<T> {
  const session = useSession();
  const [state, setState] = useState<{ data: T | null; error: ApiError | null; loading: boolean }>({
    data: null,
    error: null,
    loading: path !== null,
  });
  const [round, setRound] = useState(0);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  useEffect(() => {
    if (path === null) return;
    const abort = new AbortController();
    setState((s) => ({ ...s, loading: true, error: null }));
    adminJson<T>(session.token, path, { signal: abort.signal }).then(
      (data) => setState({ data, error: null, loading: false }),
      (error: unknown) => {
        if (abort.signal.aborted) return;
        handleUnauthorized(session, error);
        setState({ data: null, error: asApiError(error), loading: false });
      },
    );
    return () => abort.abort();
  }, [path, round, session.token]);
  return { ...state, reload };
}

export function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, 'client', error instanceof Error ? error.message : String(error));
}
