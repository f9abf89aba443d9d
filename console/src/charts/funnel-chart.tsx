/**
 * The funnel as plain SVG: one bar per step (visits → visitors → leads → MQL → SQL), widths to scale, the
 * API's conversion rate into the step beside it (visit → lead, lead → MQL, MQL → SQL). The SVG is one labelled image for screen readers; the same
 * numbers follow as a table.
 */
import type { Funnel } from '../api/types';
import { useUi } from '../context';
import { barWidth, STEP_RATE } from './funnel-math';

const STEPS = ['visits', 'visitors', 'leads', 'mql', 'sql'] as const;
const WIDTH = 640;
const ROW = 44;
const LABEL = 120;

export function FunnelChart({ funnel }: { funnel: Funnel }) {
  const { t, f } = useUi();
  const counts = STEPS.map((s) => funnel[s]);
  const rates = STEPS.map((s) => (STEP_RATE[s] ? funnel[STEP_RATE[s]] : null));
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
                {STEP_RATE[step] ? ` (${t.metric[STEP_RATE[step]]} ${f.pct(rate)})` : ''}
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
                <td class="num">{STEP_RATE[step] ? `${t.metric[STEP_RATE[step]]}: ${f.pct(rates[i])}` : t.none}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
