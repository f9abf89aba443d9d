/**
 * The KPI tiles: the funnel's counts, rates, median time to SQL and cost per SQL for the range, with the
 * trend's `change` against the previous period of equal length as an arrow (and in words, for screen
 * readers). For cost per SQL a rise is bad news, so its colour flips.
 */
import type { Change, Funnel } from '../api/types';
import { trendOf } from './trend';
import { useUi } from '../context';

type TileKey =
  'visits' | 'visitors' | 'leads' | 'mql' | 'sql' | 'visit_to_lead' | 'lead_to_mql' | 'mql_to_sql' | 'median_hours_to_sql' | 'cost_per_sql';

const TILES: readonly TileKey[] = [
  'visits',
  'visitors',
  'leads',
  'mql',
  'sql',
  'visit_to_lead',
  'lead_to_mql',
  'mql_to_sql',
  'median_hours_to_sql',
  'cost_per_sql',
];

function Trend({ metric, change }: { metric: string; change: Change | null }) {
  const { t, f } = useUi();
  if (!change) return null;
  const trend = trendOf(metric, change);
  if (trend === undefined) return null;
  if (trend === null) return <span class="trend muted">{t.dashboard.noPrevious}</span>;
  const arrow = { up: '▲', down: '▼', flat: '▬' }[trend.direction];
  const words = trend.direction == 'flat' ? t.dashboard.noChange : `${f.change(trend.fraction)} ${t.dashboard.vsPrevious}`;
  return (
    <span class={`trend ${trend.direction == 'flat' ? 'flat' : trend.good ? 'good' : 'bad'}`} data-trend={trend.direction}>
      <span aria-hidden="true">{arrow}</span> {words}
    </span>
  );
}

export function KpiTiles({ funnel, change }: { funnel: Funnel; change: Change | null }) {
  const { t, f } = useUi();
  const value = (key: TileKey): string => {
    switch (key) {
      case 'visit_to_lead':
      case 'lead_to_mql':
      case 'mql_to_sql':
        return f.pct(funnel[key]);
      case 'median_hours_to_sql':
        return f.hours(funnel.median_hours_to_sql);
      case 'cost_per_sql':
        return f.money(funnel.cost_per_sql, funnel.currency);
      default:
        return f.int(funnel[key]);
    }
  };
  return (
    <ul class="tiles">
      {TILES.map((key) => (
        <li key={key} class="tile" data-metric={key}>
          <span class="tile-label">{t.metric[key]}</span>
          <span class="tile-value">{value(key)}</span>
          <Trend metric={key} change={change} />
        </li>
      ))}
    </ul>
  );
}
