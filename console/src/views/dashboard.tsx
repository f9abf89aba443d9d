/**
 * The dashboard for a date range (default: the last 30 days): KPI tiles with trend arrows (funnel + trends'
 * change), the funnel chart, the campaign table, and trend charts by day or week.
 */
import { useState } from 'preact/hooks';
import { query } from '../api/client';
import type { Funnel, Interval, Trends } from '../api/types';
import { FunnelChart } from '../charts/funnel-chart';
import { KpiTiles } from '../charts/kpi-tiles';
import { LineChart } from '../charts/line-chart';
import { useUi } from '../context';
import { lastDays, type Range } from '../dates';
import { ErrorBox, Loading } from '../parts/feedback';
import { RangePicker } from '../parts/range-picker';
import { useApi } from '../use-api';
import { BreakdownTable } from './breakdown-table';

export function Dashboard() {
  const { t, f } = useUi();
  const [range, setRange] = useState<Range>(() => lastDays(30));
  const [interval, setIntervalKind] = useState<Interval>('day');
  const funnel = useApi<Funnel>(`/v1/admin/funnel${query({ from: range.from, to: range.to })}`);
  const trends = useApi<Trends>(`/v1/admin/trends${query({ interval, from: range.from, to: range.to })}`);
  const labels = trends.data?.points.map((p) => f.day(p.period_start)) ?? [];

  return (
    <>
      <h1 tabIndex={-1}>{t.dashboard.title}</h1>
      <RangePicker range={range} onRange={setRange} />

      <section aria-labelledby="kpi-title" class="panel">
        <h2 id="kpi-title">{t.dashboard.kpis}</h2>
        {funnel.error && <ErrorBox error={funnel.error} retry={funnel.reload} />}
        {trends.error && <ErrorBox error={trends.error} retry={trends.reload} />}
        {funnel.loading && !funnel.data && <Loading />}
        {funnel.data && <KpiTiles funnel={funnel.data} change={trends.data?.change ?? null} />}
      </section>

      <section aria-labelledby="funnel-title" class="panel">
        <h2 id="funnel-title">{t.dashboard.funnel}</h2>
        {funnel.data && <FunnelChart funnel={funnel.data} />}
        {funnel.loading && !funnel.data && <Loading />}
      </section>

      <BreakdownTable range={range} currency={funnel.data?.currency ?? null} />

      <section aria-labelledby="trends-title" class="panel">
        <div class="panel-head">
          <h2 id="trends-title">{t.dashboard.trends}</h2>
          <fieldset class="segmented">
            <legend class="sr-only">{t.trends.interval}</legend>
            {(['day', 'week'] as const).map((value) => (
              <label key={value}>
                <input type="radio" name="interval" value={value} checked={interval == value} onChange={() => setIntervalKind(value)} />
                {t.trends[value]}
              </label>
            ))}
          </fieldset>
        </div>
        {trends.loading && !trends.data && <Loading />}
        {trends.data && (
          <div class="charts">
            <LineChart
              title={t.trends.traffic}
              labels={labels}
              series={[
                { id: 'visits', label: t.metric.visits, values: trends.data.points.map((p) => p.visits) },
                { id: 'visitors', label: t.metric.visitors, values: trends.data.points.map((p) => p.visitors) },
              ]}
            />
            <LineChart
              title={t.trends.pipeline}
              labels={labels}
              series={[
                { id: 'leads', label: t.metric.leads, values: trends.data.points.map((p) => p.leads) },
                { id: 'mql', label: t.metric.mql, values: trends.data.points.map((p) => p.mql) },
                { id: 'sql', label: t.metric.sql, values: trends.data.points.map((p) => p.sql) },
              ]}
            />
          </div>
        )}
      </section>
    </>
  );
}
