/**
 * Wraps the real D1 binding so that any statement bound with a poisoned value fails, like a D1 error
 * would. Everything else goes to the real database. Used to prove per-message isolation in consumers.
 */
export function faultyD1(real: D1Database, poison: string): D1Database {
  const realOf = new WeakMap<object, D1PreparedStatement>();
  const poisoned = new WeakSet<object>();
  const fail = () => Promise.reject(new Error('D1_ERROR: simulated failure (poisoned statement)'));

  const wrap = (statement: D1PreparedStatement, isPoisoned: boolean): D1PreparedStatement => {
    const wrapped = {
      bind: (...values: unknown[]) =>
        wrap(statement.bind(...values), isPoisoned || values.some((value) => typeof value === 'string' && value.includes(poison))),
      run: () => (isPoisoned ? fail() : statement.run()),
      all: () => (isPoisoned ? fail() : statement.all()),
      first: (column?: string) => (isPoisoned ? fail() : column === undefined ? statement.first() : statement.first(column)),
      raw: (options?: { columnNames?: boolean }) => (isPoisoned ? fail() : statement.raw(options as { columnNames: true })),
    } as unknown as D1PreparedStatement;
    realOf.set(wrapped, statement);
    if (isPoisoned) poisoned.add(wrapped);
    return wrapped;
  };

  return {
    prepare: (query: string) => wrap(real.prepare(query), false),
    batch: (statements: D1PreparedStatement[]) => {
      if (statements.some((statement) => poisoned.has(statement))) return fail();
      return real.batch(statements.map((statement) => realOf.get(statement) ?? statement));
    },
    exec: (query: string) => real.exec(query),
    withSession: () => real.withSession(),
    dump: () => real.dump(),
  } as unknown as D1Database;
}
