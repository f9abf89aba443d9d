/**
 * Wraps the real D1 binding and counts what reaches it: every statement (alone or inside a batch) and every
 * round trip (a lone statement or one batch). Used to hold consumers to a query budget that does not grow with
 * the number of leads in a batch (D1 allows 1,000 queries per Worker invocation).
 */
export interface D1Counts {
  statements: number;
  roundTrips: number;
}

export function countingD1(real: D1Database): { d1: D1Database; counts: D1Counts } {
  const counts: D1Counts = { statements: 0, roundTrips: 0 };
  const realOf = new WeakMap<object, D1PreparedStatement>();
  const once = <T>(run: () => Promise<T>): Promise<T> => {
    counts.statements += 1;
    counts.roundTrips += 1;
    return run();
  };
  const wrap = (statement: D1PreparedStatement): D1PreparedStatement => {
    const wrapped = {
      bind: (...values: unknown[]) => wrap(statement.bind(...values)),
      run: () => once(() => statement.run()),
      all: () => once(() => statement.all()),
      first: (column?: string) => once(() => (column === undefined ? statement.first() : statement.first(column))),
      raw: (options?: { columnNames?: boolean }) => once(() => statement.raw(options as { columnNames: true })),
    } as unknown as D1PreparedStatement;
    realOf.set(wrapped, statement);
    return wrapped;
  };
  const d1 = {
    prepare: (query: string) => wrap(real.prepare(query)),
    batch: (statements: D1PreparedStatement[]) => {
      counts.statements += statements.length;
      counts.roundTrips += 1;
      return real.batch(statements.map((statement) => realOf.get(statement) ?? statement));
    },
    exec: (query: string) => real.exec(query),
    withSession: () => real.withSession(),
    dump: () => real.dump(),
  } as unknown as D1Database;
  return { d1, counts };
}
