/**
 * Pure: the lead's merged `traits`, capped. Traits are kept oldest → newest in the stored JSON object (a
 * key set again moves to the end), so the cap can keep the newest: walking from the newest end, keys are
 * kept while there are at most LIMITS.traitKeys of them and the object stays within LIMITS.traitBytes; the
 * rest (the oldest) are dropped. The latest identify therefore always wins. `name` lives in its own column
 * and `email` is identity, so neither is kept here; so is a `phone` that normalises to E.164 (fold.ts), one
 * that does not stays here as an ordinary trait.
 * (One caveat of JSON.parse: keys that look like array indexes, e.g. "7", come back first, so they count as
 * the oldest.)
 */
import { LIMITS } from '../../core/limits';
import { utf8Length } from '../../core/statements';

const COLUMN_TRAITS = new Set(['email', 'name']);

/** Ordered trait entries, oldest first. */
export type TraitEntries = Map<string, unknown>;

export function parseTraits(json: string): TraitEntries {
  const parsed: unknown = JSON.parse(json);
  const entries: TraitEntries = new Map();
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) for (const [k, v] of Object.entries(parsed)) entries.set(k, v);
  return entries;
}

/** Applies newer entries on top: a key set again moves to the newest end. */
export function layerTraits(into: TraitEntries, newer: Iterable<readonly [string, unknown]>): TraitEntries {
  for (const [key, value] of newer) {
    if (COLUMN_TRAITS.has(key)) continue;
    into.delete(key);
    into.set(key, value);
  }
  return into;
}

/** The JSON text stored in leads.traits: the newest entries within the key and byte caps, oldest first. */
export interface TraitCaps {
  keys: number;
  bytes: number;
}

export function cappedTraitsJson(entries: TraitEntries, caps: TraitCaps = { keys: LIMITS.traitKeys, bytes: LIMITS.traitBytes }): string {
  const all = [...entries].filter(([key]) => !COLUMN_TRAITS.has(key));
  const kept: string[] = [];
  let bytes = 2; // the braces
  for (let i = all.length - 1; i >= 0 && kept.length < caps.keys; i--) {
    const [key, value] = all[i] ?? ['', null];
    const member = `${JSON.stringify(key)}:${JSON.stringify(value ?? null)}`;
    const size = utf8Length(member) + (kept.length > 0 ? 1 : 0);
    if (bytes + size > caps.bytes) break;
    kept.push(member);
    bytes += size;
  }
  return `{${kept.reverse().join(',')}}`;
}
