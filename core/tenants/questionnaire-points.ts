/**
 * The points an answer earns, looked up in the tenant's questionnaire (design §4: "answers may carry their
 * own points"). The scoring consumer calls this with the `question_id` and `value` of a stored
 * `question_answered` event: points are never taken from the client.
 */
import type { AnswerPoints } from '../scoring/config';
import type { WidgetConfig } from './questionnaire';

export type { AnswerPoints };

/**
 * A multiple-choice answer is its values joined with ","; each chosen option counts. Unknown answers earn 0; a
 * question the widget does not ask is looked up in `fallback` (the tenant's `scoring.answer_points`, for answers
 * sent by the page's own forms).
 */
export function answerPoints(widget: WidgetConfig | undefined, fallback?: AnswerPoints): AnswerPoints {
  const table = new Map<string, Map<string, number>>();
  for (const question of widget?.questions ?? [])
    table.set(question.id, new Map((question.options ?? []).map((option) => [option.value, option.points])));
  return function pointsOf(questionId, value) {
    const options = table.get(questionId);
    if (!options) return fallback ? fallback(questionId, value) : 0;
    const chosen = new Set(String(value).split(','));
    let points = 0;
    for (const one of chosen) points += options.get(one.trim()) ?? 0;
    return points;
  };
}
