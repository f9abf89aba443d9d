/**
 * Counts what a consumer batch costs against D1's per-invocation query limit (statements, not round trips), for
 * the one log line each batch writes (`npm run bench` reads them). A Proxy around the real binding, so every
 * query path counts (drizzle's builders, its batch(), the raw statements of core/statements.ts) without
 * threading a counter through each module: each run/all/first/raw is 1 statement in 1 round trip, a batch() of
 * n statements is n statements in 1 round trip.
 */
import type { StatementCounter } from '../core/statements';

const EXECUTE: ReadonlySet<PropertyKey> = new Set(['run', 'all', 'first', 'raw']);

export function meteredD1(real: D1Database): { db: D1Database; counter: StatementCounter } {
  const counter: StatementCounter = { statements: 0, roundTrips: 0 };
  // The real statement behind each wrapper: D1's batch() only accepts its own statements.
  const realOf = new WeakMap<object, D1PreparedStatement>();

  const wrap = (statement: D1PreparedStatement): D1PreparedStatement => {
    const wrapped = new Proxy(statement, {
      get(target, property) {
        if (property === 'bind') return (...values: unknown[]) => wrap(target.bind(...values));
        const value: unknown = Reflect.get(target, property, target);
        if (typeof value !== 'function') return value;
        if (!EXECUTE.has(property)) return value.bind(target);
        return (...args: unknown[]) => {
          counter.statements += 1;
          counter.roundTrips += 1;
          return Reflect.apply(value, target, args);
        };
      },
    });
    realOf.set(wrapped, statement);
    return wrapped;
  };

  const db = new Proxy(real, {
    get(target, property) {
      if (property === 'prepare') return (query: string) => wrap(target.prepare(query));
      if (property === 'batch')
        return (statements: D1PreparedStatement[]) => {
          counter.statements += statements.length;
          counter.roundTrips += 1;
          return target.batch(statements.map((statement) => realOf.get(statement) ?? statement));
        };
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db, counter };
}
