/**
 * Wraps the real D1 binding and counts every prepared statement that is executed, whether on its own
 * (run/all/first/raw) or inside batch(): D1's per-invocation query limit counts statements, not round trips.
 */
export interface CountingD1 {
  db: D1Database;
  /** Statements executed so far. */
  statements: () => number;
  /** Round trips so far (one per batch() or per run/all/first/raw). */
  roundTrips: () => number;
}

export function countingD1(real: D1Database): CountingD1 {
  let statements = 0;
  let roundTrips = 0;
  const realOf = new WeakMap<object, D1PreparedStatement>();
  const executed = <T>(run: () => Promise<T>): Promise<T> => {
    statements += 1;
    roundTrips += 1;
    return run();
  };

  const wrap = (statement: D1PreparedStatement): D1PreparedStatement => {
    const wrapped = {
      bind: (...values: unknown[]) => wrap(statement.bind(...values)),
      run: () => executed(() => statement.run()),
      all: () => executed(() => statement.all()),
      first: (column?: string) => executed(() => (column === undefined ? statement.first() : statement.first(column))),
      raw: (options?: { columnNames?: boolean }) => executed(() => statement.raw(options as { columnNames: true })),
    } as unknown as D1PreparedStatement;
    realOf.set(wrapped, statement);
    return wrapped;
  };

  const db = {
    prepare: (query: string) => wrap(real.prepare(query)),
    batch: (batch: D1PreparedStatement[]) => {
      statements += batch.length;
      roundTrips += 1;
      return real.batch(batch.map((statement) => realOf.get(statement) ?? statement));
    },
    exec: (query: string) => {
      statements += query.split(';').filter((part) => part.trim() !== '').length;
      roundTrips += 1;
      return real.exec(query);
    },
    withSession: () => real.withSession(),
    dump: () => real.dump(),
  } as unknown as D1Database;
  return { db, statements: () => statements, roundTrips: () => roundTrips };
}
