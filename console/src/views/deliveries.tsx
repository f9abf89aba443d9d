/**
 * Deliveries: queue health (GET /v1/admin/queues: backlog, oldest message, open dead letters per queue; last
 * success, failures and open dead letters per destination, with "replay all of it"), the dead letters
 * (GET /v1/admin/dead-letters) with a replay button each, and the delivery log (GET /v1/admin/deliveries).
 */
import { useState } from 'preact/hooks';
import { query } from '../api/client';
import type { DeadLetter, Delivery, QueueHealth, ReplayResult } from '../api/types';
import { useUi } from '../context';
import { DeadLettersTable, DeliveriesTable } from '../parts/delivery-tables';
import { Empty, ErrorBox, Loading, LoadMore } from '../parts/feedback';
import { AdminOnlyNote, ReplayButton, useReplayNotice } from '../parts/replay';
import { useApi } from '../use-api';
import { usePaged } from '../use-paged';

function Health({ health, onReplayed }: { health: QueueHealth; onReplayed(result: ReplayResult): void }) {
  const { t, f } = useUi();
  return (
    <div class="columns">
      <div class="scroll">
        <table class="data" data-testid="queues">
          <caption>{t.deliveries.queues}</caption>
          <thead>
            <tr>
              <th scope="col">{t.deliveries.queue}</th>
              <th scope="col" class="num">
                {t.deliveries.backlog}
              </th>
              <th scope="col" class="num">
                {t.deliveries.oldest}
              </th>
              <th scope="col" class="num">
                {t.deliveries.deadOpen}
              </th>
            </tr>
          </thead>
          <tbody>
            {health.queues.map((q) => (
              <tr key={q.queue}>
                <th scope="row">{q.queue}</th>
                <td class="num">{f.int(q.backlog)}</td>
                <td class="num">{f.seconds(q.oldest_age_seconds)}</td>
                <td class="num">{f.int(q.dead_letters_open)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="scroll">
        <table class="data" data-testid="destinations">
          <caption>{t.deliveries.destinations}</caption>
          <thead>
            <tr>
              <th scope="col">{t.deliveries.destination}</th>
              <th scope="col">{t.deliveries.lastSuccess}</th>
              <th scope="col" class="num">
                {t.deliveries.failures}
              </th>
              <th scope="col" class="num">
                {t.deliveries.deadOpen}
              </th>
              <th scope="col">
                <span class="sr-only">{t.deliveries.actions}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {health.destinations.map((d) => (
              <tr key={`${d.destination}-${d.target ?? ''}`}>
                <th scope="row">
                  {d.destination}
                  {d.label && d.label != d.destination && <span class="muted small"> {d.label}</span>}
                </th>
                <td>{f.dateTime(d.last_success_at)}</td>
                <td class="num">{f.int(d.failures_24h)}</td>
                <td class="num">{f.int(d.dead_letters_open)}</td>
                <td>
                  {d.dead_letters_open > 0 && (
                    <ReplayButton
                      body={{ destination: d.destination }}
                      label={t.deliveries.replayDestination(d.destination)}
                      class="secondary"
                      onDone={onReplayed}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export function Deliveries() {
  const { t } = useUi();
  const [deadStatus, setDeadStatus] = useState<'open' | 'replayed' | ''>('open');
  const [destination, setDestination] = useState('');
  const health = useApi<QueueHealth>('/v1/admin/queues');
  const dead = usePaged<DeadLetter>(`/v1/admin/dead-letters${query({ status: deadStatus, destination })}`, 'dead_letters');
  const log = usePaged<Delivery>(`/v1/admin/deliveries${query({ destination })}`, 'deliveries');
  const replay = useReplayNotice(() => {
    health.reload();
    dead.reload();
    log.reload();
  });
  const destinations = health.data?.destinations.map((d) => d.destination) ?? [];

  return (
    <>
      <h1 tabIndex={-1}>{t.deliveries.title}</h1>
      <AdminOnlyNote />
      {replay.notice}

      <section aria-labelledby="health-title" class="panel">
        <h2 id="health-title">{t.deliveries.health}</h2>
        {health.error && <ErrorBox error={health.error} retry={health.reload} />}
        {health.loading && !health.data && <Loading />}
        {health.data && <Health health={health.data} onReplayed={replay.onDone} />}
      </section>

      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label={t.deliveries.filter}>
        <label>
          {t.deliveries.destination}
          <select value={destination} onChange={(e) => setDestination(e.currentTarget.value)}>
            <option value="">{t.deliveries.anyDestination}</option>
            {[...new Set(destinations)].map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.deliveries.status} ({t.deliveries.deadLetters})
          <select value={deadStatus} onChange={(e) => setDeadStatus(e.currentTarget.value as 'open' | 'replayed' | '')}>
            <option value="open">{t.deliveries.open}</option>
            <option value="replayed">{t.deliveries.replayed}</option>
            <option value="">{t.deliveries.anyStatus}</option>
          </select>
        </label>
      </form>

      <section aria-labelledby="dead-title" class="panel">
        <h2 id="dead-title">{t.deliveries.deadLetters}</h2>
        {dead.error && <ErrorBox error={dead.error} retry={dead.reload} />}
        {dead.loaded && dead.items.length == 0 && <Empty />}
        {dead.items.length > 0 && <DeadLettersTable rows={dead.items} caption={t.deliveries.deadLetters} onReplayed={replay.onDone} />}
        {dead.loaded && <LoadMore count={dead.items.length} next={dead.next} loading={dead.loading} onMore={dead.loadMore} />}
      </section>

      <section aria-labelledby="log-title" class="panel">
        <h2 id="log-title">{t.deliveries.deliveries}</h2>
        {log.error && <ErrorBox error={log.error} retry={log.reload} />}
        {log.loaded && log.items.length == 0 && <Empty />}
        {log.items.length > 0 && <DeliveriesTable rows={log.items} caption={t.deliveries.deliveries} />}
        {log.loaded && <LoadMore count={log.items.length} next={log.next} loading={log.loading} onMore={log.loadMore} />}
      </section>
    </>
  );
}
