/**
 * The questionnaire's flow (design §3), checked when the Worker starts so a broken questionnaire is an
 * operator's error at deploy time, never a visitor stuck in the widget.
 *
 * Where an answer leads, first match wins:
 *   1. the chosen option's `next` (single choice only),
 *   2. the question's `next`,
 *   3. the following question in the order (the written order, or a variant's `order`),
 *   4. after the last question: the end (the call to action, then the chat).
 * `next = "end"` ends the questionnaire early. A question that is not `required` can be skipped, which
 * follows rules 2-4.
 *
 * Refused: a `next` naming no question; a cycle (an answer leading back to a question already asked on
 * that path); a question no path from the first one reaches; and a dead end — a question the visitor cannot
 * get past (a single or multiple choice without options). With rule 3 every other question has a way forward,
 * and with cycles refused every path reaches the end.
 */
export const END = 'end';

export interface FlowOption {
  value: string;
  next?: string | undefined;
}
export interface FlowQuestion {
  id: string;
  type: string;
  required: boolean;
  next?: string | undefined;
  options?: FlowOption[] | undefined;
}

/** A path inside the widget config (question ids, not indices, name questions) and what is wrong there. */
export interface FlowProblem {
  path: (string | number)[];
  message: string;
}

interface Edge {
  to: string;
  /** Where the edge is written; absent when it is the fall-through to the following question. */
  path?: (string | number)[];
}

function edgesOf(question: FlowQuestion, following: string): Edge[] {
  const fallback: Edge = question.next ? { to: question.next, path: ['questions', question.id, 'next'] } : { to: following };
  if (question.type !== 'single' || !question.options) return [fallback];
  const edges = question.options.map((option, index): Edge =>
    option.next ? { to: option.next, path: ['questions', question.id, 'options', index, 'next'] } : fallback,
  );
  return question.required ? edges : [...edges, fallback];
}

/** The first problem of the flow in this order of questions, or undefined when it is sound. */
export function flowProblem(questions: readonly FlowQuestion[], order: readonly string[]): FlowProblem | undefined {
  const byId = new Map(questions.map((q) => [q.id, q]));
  for (const q of questions)
    if ((q.type === 'single' || q.type === 'multiple') && !q.options?.length)
      return { path: ['questions', q.id, 'options'], message: 'is empty: the visitor cannot answer this question (a dead end)' };

  const graph = new Map<string, Edge[]>();
  order.forEach((id, index) => {
    const question = byId.get(id);
    if (question) graph.set(id, edgesOf(question, order[index + 1] ?? END));
  });
  for (const [from, edges] of graph)
    for (const edge of edges)
      if (edge.to !== END && !byId.has(edge.to))
        return { path: edge.path ?? ['questions', from, 'next'], message: `names no question: "${edge.to}" (use a question id or "end")` };

  // Depth-first from the first question: a grey node met again is a cycle.
  const state = new Map<string, 'grey' | 'black'>();
  const visit = (id: string, trail: string[]): FlowProblem | undefined => {
    state.set(id, 'grey');
    for (const edge of graph.get(id) ?? []) {
      if (edge.to === END) continue;
      const seen = state.get(edge.to);
      if (seen === 'grey')
        return {
          path: edge.path ?? ['questions', id, 'next'],
          message: `leads back to "${edge.to}": a cycle (${[...trail, id, edge.to].join(' → ')})`,
        };
      if (!seen) {
        const found = visit(edge.to, [...trail, id]);
        if (found) return found;
      }
    }
    state.set(id, 'black');
    return undefined;
  };
  const first = order[0];
  if (first === undefined) return { path: ['questions'], message: 'must list at least one question' };
  const cycle = visit(first, []);
  if (cycle) return cycle;
  for (const id of order)
    if (!state.has(id))
      return { path: ['questions', id], message: `is unreachable: no answer from the first question ("${first}") leads to it` };
  return undefined;
}
