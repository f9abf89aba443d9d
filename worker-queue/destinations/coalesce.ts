/**
 * Several leads per provider call (issue 9 item 7: batch per call instead of a home-made queue). The delivery loop
 * delivers the leads of a queue batch concurrently, one `deliver()` each; a destination that has a batch API hands
 * its item to `coalesce`, which collects the items of one key (e.g. one HubSpot portal) and makes one call for all
 * of them, answering each caller with its own result. The crm consumer opens a scope per queue batch telling how
 * many distinct leads each key has, so the call goes out as soon as all of them arrived; a lead that never gets
 * there (stale, already delivered, claimed elsewhere) only delays the call by `windowMs`. Outside a scope (a
 * direct call), each item is sent alone.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

interface Waiting<I, R> {
  item: I;
  resolve(result: R): void;
  reject(error: unknown): void;
}

interface Group<I, R> {
  items: Waiting<I, R>[];
  timer: ReturnType<typeof setTimeout> | null;
  flushNow(): void;
}

interface Scope {
  expected: Map<string, number>;
  /** Group<I, R> per key; one key always carries one item type. */
  groups: Map<string, object>;
}

const scopes = new AsyncLocalStorage<Scope>();

/** Runs `body` (one queue batch's delivery) with `expected` = distinct leads per coalescing key in the batch. */
export function withCoalescing<T>(expected: Map<string, number>, body: () => Promise<T>): Promise<T> {
  return scopes.run({ expected, groups: new Map() }, body);
}

export interface CoalesceOptions {
  /** The provider's batch limit (HubSpot: 100 inputs). */
  max: number;
  /** The longest a first item waits for the others. */
  windowMs: number;
}

export function coalesce<I, R>(key: string, item: I, send: (items: I[]) => Promise<R[]>, options: CoalesceOptions): Promise<R> {
  const scope = scopes.getStore();
  if (!scope) return send([item]).then((results) => first(results));
  return new Promise<R>((resolve, reject) => {
    let group = scope.groups.get(key) as Group<I, R> | undefined;
    if (!group) {
      const created: Group<I, R> = {
        items: [],
        timer: null,
        flushNow: () => {
          if (scope.groups.get(key) === created) scope.groups.delete(key);
          if (created.timer !== null) clearTimeout(created.timer);
          const items = created.items;
          scope.expected.set(key, Math.max(0, (scope.expected.get(key) ?? 0) - items.length));
          send(items.map((waiting) => waiting.item)).then(
            (results) =>
              items.forEach((waiting, index) =>
                index < results.length ? waiting.resolve(results[index] as R) : waiting.reject(new Error('no result for this item')),
              ),
            (error: unknown) => items.forEach((waiting) => waiting.reject(error)),
          );
        },
      };
      created.timer = setTimeout(() => created.flushNow(), options.windowMs);
      scope.groups.set(key, created);
      group = created;
    }
    group.items.push({ item, resolve, reject });
    const due = Math.min(options.max, Math.max(1, scope.expected.get(key) ?? 1));
    if (group.items.length >= due) group.flushNow();
  });
}

function first<R>(results: R[]): R {
  const [result] = results;
  if (result === undefined) throw new Error('no result for this item');
  return result;
}
