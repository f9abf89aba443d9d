/**
 * What `GET /v1/config` tells a page about the widget. Points are left out: they are not secret, but a
 * visitor who sees them could answer for the score instead of the truth; the server scores from the tenant
 * config (./questionnaire-points.ts). Everything else the widget needs to ask, branch and theme is here.
 */
import type { WidgetConfig } from './questionnaire';

export function publicWidget(widget: WidgetConfig | undefined) {
  if (!widget) return null;
  return {
    ...widget,
    questions: widget.questions.map((question) => ({
      ...question,
      options: question.options?.map(({ points: _points, ...option }) => option),
    })),
  };
}
export type PublicWidget = NonNullable<ReturnType<typeof publicWidget>>;
