/**
 * The funnel as plain SVG: one bar per step (visits → visitors → leads → MQL → SQL), widths to scale, the
 * conversion from the step before beside it. The SVG is one labelled image for screen readers; the same
 * numbers follow as a table.
 */
import type { Funnel } from '../api/types';
import { useUi } from '../context';

const STEPS = ['visits', 'visitors', 'leads', 'mql', 'sql'] as const;
const WIDTH = 640;
const ROW = 44;
const LABEL = 120;
const BAR_MAX = 360;

/** Share of the step before (visitors are compared with visits, leads with visitors, …); null over zero. */
export function stepRates(counts: readonly number[]): (number | null)[] {
  return counts.map((n, i) => (i == 0 ? null : counts[i - 1]! > 0 ? n / counts[i - 1]! : null));
}

/** A bar's width: to scale with the largest step, but never invisible for a non-zero count. */
export function barWidth(n: number, max: number, full = BAR_MAX): number {
  if (max <= 0 || n <= 0) return 0;
  return Math.max(2, (n / max) * full);
}

export function FunnelChart({ funnel }: { funnel: Funnel }) {
  const { t, f } = useUi();
  const counts = STEPS.map((s) => funnel[s]);
  const rates = stepRates(counts);
  const max = Math.max(...counts);
  const summary = STEPS.map((s, i) => `${t.metric[s]} ${f.int(counts[i])}`).join(', ');
  return (
    <figure class="funnel">
      <svg viewBox={`0 0 ${WIDTH} ${ROW * STEPS.length}`} role="img" aria-label={t.funnel.chart(summary)} focusable="false">
        {STEPS.map((step, i) => {
          const y = i * ROW;
          const w = barWidth(counts[i]!, max);
          const rate = rates[i];
          return (
            <g key={step} data-step={step}>
              <text x={LABEL - 10} y={y + ROW / 2 + 5} text-anchor="end" class="axis-label">
                {t.metric[step]}
              </text>
              <rect x={LABEL} y={y + 6} width={w} height={ROW - 12} rx={3} class={`bar bar-${i}`} />
              <text x={LABEL + w + 8} y={y + ROW / 2 + 5} class="bar-value">
                {f.int(counts[i])}
                {rate !== null && rate !== undefined ? ` (${f.pct(rate)})` : ''}
              </text>
            </g>
          );
        })}
      </svg>
      <details>
        <summary>{t.funnel.table}</summary>
        <table class="data">
          <caption class="sr-only">{t.dashboard.funnel}</caption>
          <thead>
            <tr>
              <th scope="col">{t.funnel.stage}</th>
              <th scope="col" class="num">
                {t.funnel.count}
              </th>
              <th scope="col" class="num">
                {t.funnel.rate}
              </th>
            </tr>
          </thead>
          <tbody>
            {STEPS.map((step, i) => (
              <tr key={step}>
                <th scope="row">{t.metric[step]}</th>
                <td class="num">{f.int(counts[i])}</td>
                <td class="num">{f.pct(rates[i])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
