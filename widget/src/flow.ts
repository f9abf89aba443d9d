/**
 * Where an answer leads (the server checks the same rules at start, core/tenants/questionnaire-flow.ts):
 * the chosen option's next, else the question's next, else the following question; "end" or past the last
 * question ends the questionnaire.
 */
import type { Script } from './types';

export const END = 'end';

export const nextOf = (s: Script, id: string, value?: string): string => {
  const q = s.byId[id]!;
  const chosen = q.type == 'single' ? q.options?.find((o) => o.value == value)?.next : undefined;
  return chosen || q.next || s.order[s.order.indexOf(id) + 1] || END;
};

/** Questions left on the longest path from `id` (itself included): the progress bar's denominator. */
export const remaining = (s: Script, id: string, memo: Record<string, number> = {}): number => {
  if (id == END) return 0;
  const q = s.byId[id]!;
  const targets = q.type == 'single' && q.options ? q.options.map((o) => nextOf(s, id, o.value)) : [nextOf(s, id)];
  // The flow is acyclic (checked at start); the memo keeps diamonds of branches linear.
  return (memo[id] ??= 1 + Math.max(...targets.map((t) => remaining(s, t, memo))));
};
