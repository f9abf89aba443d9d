/** The arithmetic of the line charts, pure: a round upper bound, its ticks, and the points of a series. */

/** The smallest "nice" number (1, 2, 2.5, 5 × 10^k) ≥ max; 1 for an empty or all-zero series. */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

/** `count` + 1 evenly spaced ticks from 0 to top. */
export function ticks(top: number, count = 4): number[] {
  return Array.from({ length: count + 1 }, (_, i) => (top * i) / count);
}

export interface Box {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Screen coordinates of a series in the plot area of `box`, scaled to [0, top]. One point sits in the middle. */
export function points(values: readonly number[], top: number, box: Box): [number, number][] {
  const w = box.width - box.left - box.right;
  const h = box.height - box.top - box.bottom;
  const step = values.length > 1 ? w / (values.length - 1) : 0;
  return values.map((v, i) => [round(box.left + (values.length > 1 ? i * step : w / 2)), round(box.top + h - (Math.max(0, v) / top) * h)]);
}

export function polyline(pts: readonly [number, number][]): string {
  return pts.map(([x, y]) => `${x},${y}`).join(' ');
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
