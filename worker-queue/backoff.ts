/**
 * Capped exponential backoff with full jitter, in whole seconds (what `message.retry` takes).
 * attempts starts at 1 for the first delivery.
 */
export function backoffSeconds(
  attempts: number,
  options: { baseSeconds?: number; capSeconds?: number; random?: () => number } = {},
): number {
  const base = options.baseSeconds ?? 2;
  const cap = options.capSeconds ?? 300;
  const random = options.random ?? Math.random;
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempts - 1));
  return Math.max(1, Math.round(ceiling / 2 + random() * (ceiling / 2)));
}
