/**
 * Text that survives storage. D1/SQLite stores TEXT as UTF-8: a lone UTF-16 surrogate (half of a pair, e.g.
 * an emoji cut in two by a client that truncates by UTF-16 units, as the tracker does with titles) has no
 * UTF-8 form, and NUL ends strings in many readers of the database.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const SUSPECT = /[\u0000\uD800-\uDFFF]/;

/** True when the string has no NUL and no lone surrogate (a well-formed surrogate pair is fine). */
export function isStorableText(input: string): boolean {
  if (!SUSPECT.test(input)) return true;
  LONE_SURROGATE.lastIndex = 0;
  return !input.includes('\u0000') && !LONE_SURROGATE.test(input);
}

/** Free text made storable: each lone surrogate becomes U+FFFD (the replacement character), NUL is removed. */
export function toStorableText(input: string): string {
  if (!SUSPECT.test(input)) return input; // the hot path: almost every string
  return input.replace(LONE_SURROGATE, '\uFFFD').replaceAll('\u0000', '');
}
