/**
 * The campaign table (GET /v1/admin/breakdown?by=…): one row per campaign, channel, source, landing page or
 * widget variant, sortable by any column (a button in each header, aria-sort on the sorted one), with a
 * CSV export of the same rows (GET /v1/admin/breakdown.csv).
 */
import { useState } from 'preact/hooks';
import { query } from '../api/client';
import type { Breakdown, BreakdownRow, Dimension } from '../api/types';
import { useSession, useUi } from '../context';
import type { Range } from '../dates';
import { downloadCsv } from '../parts/download';
import { Empty, ErrorBox, Loading } from '../parts/feedback';
import { type Direction, nextSort, type SortState, sortRows } from '../sort';
import { asApiError, useApi } from '../use-api';

const DIMENSIONS: readonly Dimension[] = ['campaign', 'channel', 'source', 'landing_page', 'variant'];

type Column = 'key' | 'visits' | 'leads' | 'mql' | 'sql' | 'lead_to_mql' | 'mql_to_sql' | 'spend' | 'cost_per_lead' | 'cost_per_sql';
const COLUMNS: readonly Column[] = [
  'key',
  'visits',
  'leads',
  'mql',
  'sql',
  'lead_to_mql',
  'mql_to_sql',
  'spend',
  'cost_per_lead',
  'cost_per_sql',
];
/** Costs read best cheapest first; names alphabetically; everything else biggest first. */
const NATURAL: Partial<Record<Column, Direction>> = { key: 'ascending', cost_per_lead: 'ascending', cost_per_sql: 'ascending' };

function cell(row: BreakdownRow, column: Column): number | string | null {
  return row[column];
}

export function BreakdownTable({ range, currency }: { range: Range; currency: string | null }) {
  const { t, f } = useUi();
  const session = useSession();
  const [by, setBy] = useState<Dimension>('campaign');
  const [sort, setSort] = useState<SortState<Column>>({ column: 'mql_to_sql', direction: 'descending' });
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<unknown>(null);
  const params = query({ by, from: range.from, to: range.to });
  const { data, error, loading, reload } = useApi<Breakdown>(`/v1/admin/breakdown${params}`);
  const dim = t.breakdown.dims[by];

  const label = (column: Column): string => (column == 'key' ? dim : t.metric[column]);
  const show = (row: BreakdownRow, column: Column): string => {
    switch (column) {
      case 'key':
        if (row.key === null) return t.breakdown.unknown;
        return by == 'channel' ? (t.channels[row.key] ?? row.key) : row.key;
      case 'lead_to_mql':
      case 'mql_to_sql':
        return f.pct(row[column]);
      case 'spend':
      case 'cost_per_lead':
      case 'cost_per_sql':
        return f.money(row[column], row.currency ?? data?.currency ?? currency);
      default:
        return f.int(row[column]);
    }
  };

  const exportCsv = async (): Promise<void> => {
    setExporting(true);
    setExportError(null);
    try {
      await downloadCsv(session.token, `/v1/admin/breakdown.csv${params}`, `leadtrail-${by}-${range.from}-${range.to}.csv`);
    } catch (e) {
      setExportError(e);
    }
    setExporting(false);
  };

  return (
    <section aria-labelledby="breakdown-title" class="panel">
      <div class="panel-head">
        <h2 id="breakdown-title">{t.dashboard.breakdown}</h2>
        <label>
          {t.breakdown.by}
          <select value={by} onChange={(e) => setBy(e.currentTarget.value as Dimension)}>
            {DIMENSIONS.map((d) => (
              <option key={d} value={d}>
                {t.breakdown.dims[d]}
              </option>
            ))}
          </select>
        </label>
        <button type="button" class="secondary" onClick={exportCsv} disabled={exporting}>
          {exporting ? t.breakdown.exporting : t.breakdown.export}
        </button>
      </div>
      {exportError !== null && <ErrorBox error={asApiError(exportError)} />}
      {error && <ErrorBox error={error} retry={reload} />}
      {loading && !data && <Loading />}
      {data && data.rows.length == 0 && <Empty />}
      {data && data.rows.length > 0 && (
        <div class="scroll">
          <table class="data sortable" data-testid="breakdown">
            <caption class="sr-only">{t.breakdown.caption(dim)}</caption>
            <thead>
              <tr>
                {COLUMNS.map((column) => (
                  <th
                    key={column}
                    scope="col"
                    class={column == 'key' ? '' : 'num'}
                    aria-sort={sort.column == column ? sort.direction : undefined}
                  >
                    <button type="button" class="sort" onClick={() => setSort(nextSort(sort, column, NATURAL[column] ?? 'descending'))}>
                      {label(column)}
                      <span aria-hidden="true" class="sort-mark">
                        {sort.column == column ? (sort.direction == 'ascending' ? '▲' : '▼') : '↕'}
                      </span>
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {sortRows(data.rows, sort, cell).map((row) => (
                <tr key={row.key ?? ''}>
                  {COLUMNS.map((column) =>
                    column == 'key' ? (
                      <th key={column} scope="row">
                        {show(row, column)}
                      </th>
                    ) : (
                      <td key={column} class="num">
                        {show(row, column)}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
