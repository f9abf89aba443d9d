/** Sorting table rows by one column; missing values (null: a rate over zero, no spend) always sort last. */
export type Direction = 'ascending' | 'descending';

export interface SortState<K extends string> {
  column: K;
  direction: Direction;
}

export function sortRows<T, K extends string>(
  rows: readonly T[],
  sort: SortState<K>,
  value: (row: T, column: K) => number | string | null,
): T[] {
  const sign = sort.direction == 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = value(a, sort.column);
    const y = value(b, sort.column);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    if (typeof x == 'number' && typeof y == 'number') return (x - y) * sign;
    return String(x).localeCompare(String(y)) * sign;
  });
}

/** Clicking the sorted column flips it; another column starts at its natural direction. */
export function nextSort<K extends string>(current: SortState<K>, column: K, natural: Direction): SortState<K> {
  if (current.column != column) return { column, direction: natural };
  return { column, direction: current.direction == 'ascending' ? 'descending' : 'ascending' };
}
