/** Input limits of the collector. The body limit is the browser keepalive budget (64 KB). */
export const LIMITS = {
  bodyBytes: 64 * 1024,
  eventsPerBatch: 50,
  name: 128,
  url: 2048,
  title: 512,
  shortText: 256,
  propValue: 1024,
  propKey: 64,
  maxProps: 50,
  maxClickIds: 20,
  clickIdValue: 512,
  channel: 32,
  /** An event may be at most this far ahead of the batch's `sent_at` (client clock). */
  futureSkewMs: 60_000,
  /** Events older than this (after clock correction) are refused: the SDK drops them too. */
  maxAgeMs: 7 * 24 * 60 * 60 * 1000,
  /**
   * A lead's merged `traits` (every identify merges into them): at most this many keys and this many UTF-8
   * bytes of JSON. The newest values win and the oldest keys are dropped first, so a chatty client can never
   * grow a lead row towards D1's 2 MB row limit (a row that large fails every later update).
   */
  traitKeys: 50,
  traitBytes: 8 * 1024,
} as const;
