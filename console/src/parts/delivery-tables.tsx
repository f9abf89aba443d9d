/** The delivery log and the dead letters as tables, shared by the Deliveries page and a lead's page. */
import type { DeadLetter, Delivery, ReplayResult } from '../api/types';
import { useUi } from '../context';
import { href } from '../router';
import { ReplayButton } from './replay';

type Call = { operation: string; status: number; count?: number };

/** The last answer's status, and behind a disclosure every call of the delivery and the answer's body. */
function ProviderAnswer({ status, body, calls = [] }: { status: number | null; body: string | null; calls?: Call[] }) {
  const { t } = useUi();
  if (status === null && !body) return <>{t.none}</>;
  return (
    <>
      {status !== null && <code>{status}</code>}
      {(body || calls.length > 1) && (
        <details>
          <summary class="small">{t.deliveries.provider}</summary>
          {calls.length > 1 && (
            <ol class="small">
              {calls.map((call, i) => (
                <li key={i}>
                  {call.operation} <code>{call.status}</code>
                  {call.count && ` ×${call.count}`}
                </li>
              ))}
            </ol>
          )}
          {body && <pre class="body">{body}</pre>}
        </details>
      )}
    </>
  );
}

function LeadLink({ id }: { id: string | null }) {
  const { t } = useUi();
  return id ? <a href={href({ view: 'lead', id })}>{id}</a> : <>{t.none}</>;
}

export function DeliveriesTable({ rows, caption }: { rows: Delivery[]; caption: string }) {
  const { t, f } = useUi();
  return (
    <div class="scroll">
      <table class="data" data-testid="deliveries">
        <caption class="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t.deliveries.destination}</th>
            <th scope="col">{t.deliveries.target}</th>
            <th scope="col">{t.deliveries.status}</th>
            <th scope="col">{t.deliveries.provider}</th>
            <th scope="col">{t.deliveries.lead}</th>
            <th scope="col">{t.deliveries.created}</th>
            <th scope="col">{t.deliveries.delivered}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.id}>
              <th scope="row">{d.destination}</th>
              <td>{d.target ?? t.none}</td>
              <td>
                <span class={`badge status-${d.status}`}>{d.status}</span>
                {d.replay_of && <span class="muted small"> ↻</span>}
              </td>
              <td>
                <ProviderAnswer status={d.provider_status} body={d.provider_body} calls={d.provider_calls} />
              </td>
              <td>
                <LeadLink id={d.lead_id} />
              </td>
              <td>{f.dateTime(d.created_at)}</td>
              <td>{f.dateTime(d.delivered_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function DeadLettersTable({
  rows,
  caption,
  onReplayed,
}: {
  rows: DeadLetter[];
  caption: string;
  onReplayed?(result: ReplayResult): void;
}) {
  const { t, f } = useUi();
  return (
    <div class="scroll">
      <table class="data" data-testid="dead-letters">
        <caption class="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t.deliveries.destination}</th>
            <th scope="col">{t.deliveries.queue}</th>
            <th scope="col">{t.deliveries.error}</th>
            <th scope="col">{t.deliveries.provider}</th>
            <th scope="col">{t.deliveries.lead}</th>
            <th scope="col">{t.deliveries.created}</th>
            <th scope="col">{t.deliveries.status}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.id} data-id={d.id}>
              <th scope="row">
                {d.destination ?? t.none}
                {d.target && <span class="muted small"> {d.target}</span>}
              </th>
              <td>{d.queue}</td>
              <td class="wrap">{d.error ?? t.none}</td>
              <td>
                <ProviderAnswer status={d.provider_status} body={d.provider_body} />
              </td>
              <td>
                <LeadLink id={d.lead_id} />
              </td>
              <td>{f.dateTime(d.created_at)}</td>
              <td>
                {d.status == 'open' ? (
                  <ReplayButton
                    body={{ id: d.id }}
                    label={t.deliveries.replay}
                    hint={`${d.destination ?? d.queue} ${d.id}`}
                    onDone={onReplayed}
                  />
                ) : (
                  <span class="badge status-replayed">
                    {t.deliveries.replayed} {f.dateTime(d.replayed_at)}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
