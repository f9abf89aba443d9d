import type { Touch } from './events';

/** Touches are stored as JSON on the lead; the earliest is the first touch, the latest the last. */
export function earliest(a: Touch | null | undefined, b: Touch | null | undefined): Touch | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return b.ts < a.ts ? b : a;
}

export function latest(a: Touch | null | undefined, b: Touch | null | undefined): Touch | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return b.ts > a.ts ? b : a;
}

export function parseTouch(json: string | null): Touch | null {
  return json ? (JSON.parse(json) as Touch) : null;
}
