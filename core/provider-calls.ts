/**
 * The calls a successful delivery made, as the ledger keeps them (deliveries.provider_calls, written by
 * worker-queue/destinations/provider-answers.ts) and the console reads them back.
 */

export interface ProviderCall {
  /** The provider's name of what was called, e.g. `chatwoot conversations create`. */
  operation: string;
  status: number;
  /** Consecutive identical calls are kept once with their number (e.g. one label created per stage). */
  count?: number;
}

function isProviderCall(value: unknown): value is ProviderCall {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof Reflect.get(value, 'operation') === 'string' &&
    typeof Reflect.get(value, 'status') === 'number'
  );
}

/** The stored JSON back as calls; a row written before migration 0011 (null) or unreadable text gives none. */
export function providerCallsOf(text: string | null): ProviderCall[] {
  if (text === null) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value)
      ? value
          .filter(isProviderCall)
          .map(({ operation, status, count }) => ({ operation, status, ...(typeof count === 'number' ? { count } : {}) }))
      : [];
  } catch {
    return [];
  }
}
