/**
 * Replay (POST /v1/admin/replay, admin only): one dead letter, all of a destination's, or all of a lead's.
 * Viewers do not get the button (the API refuses them with 403 anyway). The outcome is announced.
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { adminJson } from '../api/client';
import type { ReplayResult } from '../api/types';
import { isAdmin, useSession, useUi } from '../context';
import { asApiError, handleUnauthorized } from '../use-api';
import { ErrorBox } from './feedback';

export type ReplayBody = { id: string } | { destination: string } | { lead_id: string };

/** `hint` completes the button's name for screen readers where many look alike (one per table row). */
export function ReplayButton({
  body,
  label,
  hint,
  onDone,
  class: className,
}: {
  body: ReplayBody;
  label: string;
  hint?: string;
  /** Takes the outcome (then the caller announces it, e.g. with useReplayNotice, since a reload may remove this button). */
  onDone?(result: ReplayResult): void;
  class?: string;
}) {
  const { t } = useUi();
  const session = useSession();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ReplayResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (!isAdmin(session)) return null;

  const replay = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const outcome = await adminJson<ReplayResult>(session.token, '/v1/admin/replay', { method: 'POST', body });
      if (onDone) onDone(outcome);
      else setResult(outcome);
    } catch (e) {
      handleUnauthorized(session, e);
      setError(e);
    }
    setBusy(false);
  };

  return (
    <span class="replay">
      <button type="button" class={className} onClick={replay} disabled={busy}>
        {busy ? t.deliveries.replaying : label}
        {hint && <span class="sr-only"> {hint}</span>}
      </button>
      {!onDone && (
        <span role="status" class="muted small">
          {result && <ReplayOutcome result={result} />}
        </span>
      )}
      {error !== null && <ErrorBox error={asApiError(error)} />}
    </span>
  );
}

/** For viewers: why the action buttons are missing. */
export function AdminOnlyNote() {
  const { t } = useUi();
  const session = useSession();
  return isAdmin(session) ? null : <p class="notice">{t.adminOnly}</p>;
}

function ReplayOutcome({ result }: { result: ReplayResult }) {
  const { t } = useUi();
  return (
    <>
      {t.deliveries.replayDone(result.replayed.length, result.failed.length)}
      {result.failed.map((failure) => (
        <span key={failure.id} class="block">
          {failure.id}: {failure.error}
        </span>
      ))}
    </>
  );
}

/**
 * A page-level live region for replay outcomes: it outlives the buttons (a replayed row loses its button
 * when the list reloads), so the outcome is still read out and shown. `after` reloads the page's data.
 */
export function useReplayNotice(after: () => void): { notice: JSX.Element; onDone(result: ReplayResult): void } {
  const [result, setResult] = useState<ReplayResult | null>(null);
  const notice = (
    <p role="status" class={result ? 'notice' : 'sr-only'} data-testid="replay-outcome">
      {result && <ReplayOutcome result={result} />}
    </p>
  );
  return {
    notice,
    onDone: (outcome) => {
      setResult(outcome);
      after();
    },
  };
}
