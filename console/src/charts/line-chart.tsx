/**
 * A line chart in plain SVG (no chart library: a few series of a few hundred points at most). Each series has
 * a colour class and a dash pattern, so lines differ without colour too; the legend names them; the SVG is one
 * labelled image and the data follow as a table for screen readers and exact reading.
 */
import { useUi } from '../context';
import { type Box, niceMax, points, polyline, ticks } from './scale';

export interface Series {
  id: string;
  label: string;
  values: number[];
}

const BOX: Box = { width: 640, height: 220, left: 48, right: 12, top: 12, bottom: 28 };

export function LineChart({ title, labels, series }: { title: string; labels: string[]; series: Series[] }) {
  const { t, f } = useUi();
  const top = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const first = labels[0] ?? '';
  const last = labels[labels.length - 1] ?? '';
  const bottom = BOX.height - BOX.bottom;
  return (
    <figure class="line-chart">
      <figcaption>{title}</figcaption>
      <ul class="legend">
        {series.map((s, i) => (
          <li key={s.id}>
            <svg width="24" height="10" aria-hidden="true" focusable="false">
              <line x1="0" y1="5" x2="24" y2="5" class={`series series-${i}`} />
            </svg>
            {s.label}
          </li>
        ))}
      </ul>
      <svg viewBox={`0 0 ${BOX.width} ${BOX.height}`} role="img" aria-label={t.trends.chart(title, first, last)} focusable="false">
        {ticks(top).map((tick) => {
          const y = BOX.top + (bottom - BOX.top) * (1 - tick / top);
          return (
            <g key={tick}>
              <line x1={BOX.left} x2={BOX.width - BOX.right} y1={y} y2={y} class="grid" />
              <text x={BOX.left - 6} y={y + 4} text-anchor="end" class="axis-label">
                {f.decimal(tick)}
              </text>
            </g>
          );
        })}
        <text x={BOX.left} y={BOX.height - 8} class="axis-label">
          {first}
        </text>
        <text x={BOX.width - BOX.right} y={BOX.height - 8} text-anchor="end" class="axis-label">
          {last}
        </text>
        {series.map((s, i) => {
          const pts = points(s.values, top, BOX);
          return (
            <g key={s.id} data-series={s.id}>
              <polyline points={polyline(pts)} class={`series series-${i}`} fill="none" />
              {pts.length == 1 && <circle cx={pts[0]![0]} cy={pts[0]![1]} r={3} class={`dot series-${i}`} />}
            </g>
          );
        })}
      </svg>
      <details>
        <summary>{t.trends.table}</summary>
        <table class="data">
          <caption class="sr-only">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t.trends.period}</th>
              {series.map((s) => (
                <th key={s.id} scope="col" class="num">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {labels.map((label, row) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                {series.map((s) => (
                  <td key={s.id} class="num">
                    {f.int(s.values[row])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
