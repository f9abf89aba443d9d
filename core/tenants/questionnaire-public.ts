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

/** The launcher's default words when the theme sets no `launcher_text` (the widget's own strings agree). */
const LAUNCHER_TEXT = { en: 'Chat with us', 'pt-BR': 'Fale conosco', es: 'Habla con nosotros' } as const;

/**
 * What the launcher in lt.js needs before the widget loads, written onto the tag by the Worker (data-launcher)
 * so that it costs no request: [text, position, primary, on_primary, trigger kind, seconds | percent].
 */
export function launcherConfig(widget: WidgetConfig): (string | number)[] {
  const { theme, trigger } = widget;
  const text = theme.launcher_text ?? LAUNCHER_TEXT[widget.language ?? 'en'];
  const at = trigger.kind === 'delay' ? trigger.seconds : trigger.kind === 'scroll' ? trigger.percent : undefined;
  return [text, theme.position, theme.primary, theme.on_primary, trigger.kind, ...(at === undefined ? [] : [at])];
}
