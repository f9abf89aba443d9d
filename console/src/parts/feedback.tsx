/** How the page reports: an API error as the envelope said it, a loading line, an empty list. */
import type { ApiError } from '../api/client';
import { useUi } from '../context';

export function ErrorBox({ error, retry }: { error: ApiError; retry?: () => void }) {
  const { t } = useUi();
  return (
    <div class="error" role="alert">
      <p>
        <strong>{t.error}</strong> <code>{error.code}</code>: {error.message}
      </p>
      {retry && (
        <button type="button" onClick={retry}>
          {t.retry}
        </button>
      )}
    </div>
  );
}

export function Loading() {
  const { t } = useUi();
  return (
    <p class="muted" role="status">
      {t.loading}
    </p>
  );
}

export function Empty() {
  const { t } = useUi();
  return <p class="muted">{t.noData}</p>;
}

/** Load more, with the count shown so far announced politely as pages arrive. */
export function LoadMore({ count, next, loading, onMore }: { count: number; next: string | null; loading: boolean; onMore(): void }) {
  const { t, f } = useUi();
  return (
    <div class="more">
      <span role="status" class="muted">
        {t.showing(f.int(count))}
      </span>
      {next && (
        <button type="button" onClick={onMore} disabled={loading}>
          {loading ? t.loading : t.loadMore}
        </button>
      )}
    </div>
  );
}
