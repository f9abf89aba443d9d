/**
 * Privacy: delete a person by email or tracking id (POST /v1/admin/deletions, admin only) after a
 * confirmation step, and the audit of deletions (GET /v1/admin/deletions), which holds no personal data.
 */
import { useRef, useState } from 'preact/hooks';
import { adminJson } from '../api/client';
import type { Deletion } from '../api/types';
import { isAdmin, useSession, useUi } from '../context';
import { Empty, ErrorBox, LoadMore } from '../parts/feedback';
import { AdminOnlyNote } from '../parts/replay';
import { asApiError, handleUnauthorized } from '../use-api';
import { usePaged } from '../use-paged';

type Kind = 'email' | 'tracking_id';

function DeletionForm({ onDeleted }: { onDeleted(): void }) {
  const { t } = useUi();
  const session = useSession();
  const [kind, setKind] = useState<Kind>('email');
  const [value, setValue] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const confirmRef = useRef<HTMLDivElement>(null);
  const fieldRef = useRef<HTMLInputElement>(null);

  const cancel = (): void => {
    setConfirming(false);
    setTimeout(() => fieldRef.current?.focus());
  };

  const remove = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await adminJson<{ deletion: Deletion }>(session.token, '/v1/admin/deletions', { method: 'POST', body: { [kind]: value.trim() } });
      setDone(true);
      setValue('');
      setConfirming(false);
      onDeleted();
    } catch (e) {
      handleUnauthorized(session, e);
      setError(e);
    }
    setBusy(false);
  };

  return (
    <>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (value.trim() == '') return;
          setDone(false);
          setConfirming(true);
          setTimeout(() => confirmRef.current?.focus());
        }}
      >
        <fieldset>
          <legend>{t.privacy.by}</legend>
          {(['email', 'tracking_id'] as const).map((k) => (
            <label key={k} class="inline">
              <input type="radio" name="kind" value={k} checked={kind == k} onChange={() => setKind(k)} disabled={confirming} />
              {k == 'email' ? t.privacy.email : t.privacy.trackingId}
            </label>
          ))}
        </fieldset>
        <label for="deletion-value">{kind == 'email' ? t.privacy.email : t.privacy.trackingId}</label>
        <input
          id="deletion-value"
          ref={fieldRef}
          type="text"
          inputMode={kind == 'email' ? 'email' : 'text'}
          spellcheck={false}
          required
          autocomplete="off"
          value={value}
          disabled={confirming}
          onInput={(e) => setValue(e.currentTarget.value)}
        />
        <button type="submit" disabled={confirming || value.trim() == ''}>
          {t.privacy.review}
        </button>
      </form>
      {confirming && (
        <div class="confirm" role="group" aria-labelledby="confirm-title" tabIndex={-1} ref={confirmRef}>
          <h3 id="confirm-title">{t.privacy.confirmTitle}</h3>
          <p>{t.privacy.confirmText(value.trim())}</p>
          <button type="button" class="danger" onClick={remove} disabled={busy}>
            {t.privacy.confirm}
          </button>{' '}
          <button type="button" class="secondary" onClick={cancel} disabled={busy}>
            {t.privacy.cancel}
          </button>
        </div>
      )}
      <p role="status">{done ? t.privacy.requested : ''}</p>
      {error !== null && <ErrorBox error={asApiError(error)} />}
    </>
  );
}

export function Privacy() {
  const { t, f } = useUi();
  const session = useSession();
  const audit = usePaged<Deletion>('/v1/admin/deletions', 'deletions');
  return (
    <>
      <h1 tabIndex={-1}>{t.privacy.title}</h1>
      <section aria-labelledby="deletion-title" class="panel">
        <h2 id="deletion-title">{t.privacy.deletion}</h2>
        <p>{t.privacy.intro}</p>
        <AdminOnlyNote />
        {isAdmin(session) && <DeletionForm onDeleted={audit.reload} />}
      </section>
      <section aria-labelledby="audit-title" class="panel">
        <h2 id="audit-title">{t.privacy.audit}</h2>
        {audit.error && <ErrorBox error={audit.error} retry={audit.reload} />}
        {audit.loaded && audit.items.length == 0 && <Empty />}
        {audit.items.length > 0 && (
          <div class="scroll">
            <table class="data">
              <caption class="sr-only">{t.privacy.audit}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.privacy.requestedAt}</th>
                  <th scope="col">{t.privacy.requestedBy}</th>
                  <th scope="col">{t.privacy.selector}</th>
                  <th scope="col">{t.privacy.status}</th>
                  <th scope="col">{t.privacy.completedAt}</th>
                  <th scope="col">{t.privacy.rows}</th>
                </tr>
              </thead>
              <tbody>
                {audit.items.map((d) => (
                  <tr key={d.id}>
                    <th scope="row">{f.dateTime(d.requested_at)}</th>
                    <td>{d.requested_by}</td>
                    <td>{d.selector_kind == 'email' ? t.privacy.email : t.privacy.trackingId}</td>
                    <td>
                      <span class={`badge status-${d.status}`}>{d.status}</span>
                    </td>
                    <td>{f.dateTime(d.completed_at)}</td>
                    <td class="small">
                      {Object.entries(d.rows_deleted)
                        .map(([table, n]) => `${table}: ${f.int(n)}`)
                        .join(', ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {audit.loaded && <LoadMore count={audit.items.length} next={audit.next} loading={audit.loading} onMore={audit.loadMore} />}
      </section>
    </>
  );
}
