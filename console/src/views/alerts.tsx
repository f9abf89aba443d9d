/** Alerts (GET /v1/admin/alerts): what the cron raised — a campaign's MQL→SQL rate drop, cost per SQL rise, bot spikes. */
import type { Alert } from '../api/types';
import { useUi } from '../context';
import { Empty, ErrorBox, LoadMore } from '../parts/feedback';
import { usePaged } from '../use-paged';

type Format = ReturnType<typeof useUi>['f'];

/** `current` / `previous` as each kind measures them (README, Alerts): two rates, two costs, two counts of bot events. */
export function measure(kind: string, value: number | null, f: Format): string {
  if (kind == 'mql_to_sql_drop') return f.pct(value);
  if (kind == 'bot_spike') return f.int(value);
  return f.decimal(value);
}

/** The threshold as the config states it: a relative drop, a relative rise, or a multiple of the previous window. */
export function threshold(kind: string, value: number | null, f: Format): string {
  if (value === null) return f.pct(null);
  if (kind == 'mql_to_sql_drop') return f.change(-value);
  if (kind == 'cost_per_sql_rise') return f.change(value);
  if (kind == 'bot_spike') return `×${f.decimal(value)}`;
  return f.decimal(value);
}

export function Alerts() {
  const { t, f } = useUi();
  const page = usePaged<Alert>('/v1/admin/alerts', 'alerts');
  return (
    <>
      <h1 tabIndex={-1}>{t.alerts.title}</h1>
      <section aria-labelledby="alerts-list" class="panel">
        <h2 id="alerts-list" class="sr-only">
          {t.alerts.title}
        </h2>
        {page.error && <ErrorBox error={page.error} retry={page.reload} />}
        {page.loaded && page.items.length == 0 && <Empty />}
        {page.items.length > 0 && (
          <div class="scroll">
            <table class="data" data-testid="alerts">
              <caption class="sr-only">{t.alerts.title}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.alerts.kind}</th>
                  <th scope="col">{t.alerts.campaign}</th>
                  <th scope="col" class="num">
                    {t.alerts.current}
                  </th>
                  <th scope="col" class="num">
                    {t.alerts.previous}
                  </th>
                  <th scope="col" class="num">
                    {t.alerts.threshold}
                  </th>
                  <th scope="col">{t.alerts.window}</th>
                  <th scope="col">{t.alerts.created}</th>
                  <th scope="col">{t.alerts.notified}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((alert) => (
                  <tr key={alert.id}>
                    <th scope="row">{t.alerts.kinds[alert.kind] ?? alert.kind}</th>
                    <td>{alert.campaign ?? t.alerts.allCampaigns}</td>
                    <td class="num">{measure(alert.kind, alert.current, f)}</td>
                    <td class="num">{measure(alert.kind, alert.previous, f)}</td>
                    <td class="num">{threshold(alert.kind, alert.threshold, f)}</td>
                    <td>{alert.window_start && alert.window_end ? `${f.day(alert.window_start)} – ${f.day(alert.window_end)}` : t.none}</td>
                    <td>{f.dateTime(alert.created_at)}</td>
                    <td>{f.dateTime(alert.notified_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {page.loaded && <LoadMore count={page.items.length} next={page.next} loading={page.loading} onMore={page.loadMore} />}
      </section>
    </>
  );
}
