/**
 * The widget's tenant config, `[vars.TENANTS.<id>.widget]` (design §3; the keys are the public contract):
 * greeting, language, questions with their options and branching, A/B variants, theme, trigger and call to
 * action. Validated once per isolate with the rest of the tenant; the flow rules are in ./questionnaire-flow.ts.
 */
import * as v from 'valibot';
import { contrast, readableOn } from './contrast';
import { END, type FlowProblem, flowProblem } from './questionnaire-flow';

export const QUESTION_TYPES = ['single', 'multiple', 'text', 'email', 'phone', 'consent'] as const;
export const LANGUAGES = ['en', 'pt-BR', 'es'] as const;
export const CTA_KINDS = ['book_demo', 'talk_to_sales'] as const;
/** An option may also send one of these scoring events (design §4) when the visitor picks it. */
export const OPTION_SIGNALS = ['product_interest', 'demo_requested'] as const;

const Id = v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be a lower-case id of a-z, 0-9, _ or - (at most 64)'));
const Text = (max: number) =>
  v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(max, `must be at most ${max} characters`));
const Colour = v.pipe(v.string(), v.regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1f4fd1'), v.toLowerCase());
const HttpsUrl = v.pipe(v.string(), v.url('must be an absolute URL'), v.regex(/^https?:\/\//, 'must be an http(s) URL'));
const Next = v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, `must be a question id or "${END}"`));
const Points = v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(-100), v.maxValue(100));

const OptionSchema = v.strictObject({
  label: Text(120),
  /** Sent as the answer's `value`; a multiple-choice answer joins the chosen values with ",". */
  value: v.pipe(v.string(), v.regex(/^[\w-]{1,64}$/, 'must be 1-64 characters of A-Z, a-z, 0-9, _ or -')),
  points: v.optional(Points, 0),
  next: v.optional(Next),
  signal: v.optional(v.picklist(OPTION_SIGNALS)),
});

const QuestionSchema = v.strictObject({
  id: Id,
  type: v.picklist(QUESTION_TYPES, `must be one of ${QUESTION_TYPES.join(', ')}`),
  text: Text(500),
  options: v.optional(v.pipe(v.array(OptionSchema), v.maxLength(20, 'at most 20 options'))),
  next: v.optional(Next),
  required: v.optional(v.boolean(), true),
  placeholder: v.optional(Text(120)),
  /** Override the widget's own (translated) validation messages. */
  messages: v.optional(v.strictObject({ required: v.optional(Text(200)), invalid: v.optional(Text(200)) })),
});
export type Question = v.InferOutput<typeof QuestionSchema>;

const VariantSchema = v.strictObject({
  id: Id,
  /** Percent of visitors; the base questionnaire (variant "a") gets what the variants leave of 100. */
  weight: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)),
  greeting: v.optional(Text(500)),
  /** Every question id once: the order questions are asked in (and fall through in). */
  order: v.optional(v.array(Id)),
  /** Question id → the wording this variant asks instead. */
  texts: v.optional(v.record(Id, Text(500)), {}),
});
export type Variant = v.InferOutput<typeof VariantSchema>;

const ThemeSchema = v.pipe(
  v.strictObject({
    /** Launcher, buttons and the visitor's bubbles; their text colour is chosen for contrast. */
    primary: v.optional(Colour, '#1f4fd1'),
    background: v.optional(Colour, '#ffffff'),
    text: v.optional(Colour, '#1a1a1a'),
    position: v.optional(v.picklist(['left', 'right']), 'right'),
    launcher_text: v.optional(Text(40)),
    agent_name: v.optional(Text(60)),
    avatar_url: v.optional(HttpsUrl),
  }),
  v.forward(
    v.check((t) => contrast(t.text, t.background) >= 4.5, 'must contrast with background by at least 4.5:1 (WCAG AA)'),
    ['text'],
  ),
  v.transform((t) => ({ ...t, on_primary: readableOn(t.primary) })),
);

const TriggerSchema = v.variant('kind', [
  /** Only the launcher or `openWidget()` opens it. */
  v.strictObject({ kind: v.literal('click') }),
  v.strictObject({ kind: v.literal('delay'), seconds: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(3600)) }),
  v.strictObject({ kind: v.literal('scroll'), percent: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)) }),
  v.strictObject({ kind: v.literal('exit_intent') }),
]);

const CtaSchema = v.strictObject({ label: Text(60), url: HttpsUrl, kind: v.picklist(CTA_KINDS) });

/** A valibot issue path from config keys (issueField in ../tenants.ts joins the keys with dots). */
function pathOf(keys: (string | number)[]): [v.ObjectPathItem, ...v.ObjectPathItem[]] {
  const item = (key: string | number): v.ObjectPathItem => ({
    type: 'object',
    origin: 'value',
    input: {},
    key: String(key),
    value: undefined,
  });
  const [head = '(root)', ...rest] = keys;
  return [item(head), ...rest.map(item)];
}

type WidgetInput = {
  questions: Question[];
  variants: Variant[];
};

/** Structure the schema alone cannot say: ids, options per type, variants, then the flow in every order. */
function widgetProblem(widget: WidgetInput): FlowProblem | undefined {
  const ids = widget.questions.map((q) => q.id);
  for (const [index, q] of widget.questions.entries()) {
    if (q.id === END) return { path: ['questions', index, 'id'], message: `"${END}" is reserved (next = "${END}" ends the questionnaire)` };
    if (ids.indexOf(q.id) !== index) return { path: ['questions', index, 'id'], message: `"${q.id}" is used by another question` };
    const choice = q.type === 'single' || q.type === 'multiple';
    if (!choice && q.options)
      return { path: ['questions', q.id, 'options'], message: `only single and multiple choice questions have options` };
    const values = (q.options ?? []).map((o) => o.value);
    for (const [i, option] of (q.options ?? []).entries()) {
      if (values.indexOf(option.value) !== i)
        return { path: ['questions', q.id, 'options', i, 'value'], message: `"${option.value}" is used by another option` };
      if (q.type === 'multiple' && option.next)
        return {
          path: ['questions', q.id, 'options', i, 'next'],
          message: "is ambiguous on a multiple choice (several options are chosen): set the question's next",
        };
    }
  }
  const base = flowProblem(widget.questions, ids);
  if (base) return base;
  let total = 0;
  const variantIds = new Set<string>();
  for (const variant of widget.variants) {
    const at = ['variants', variant.id];
    if (variant.id === 'a' || variantIds.has(variant.id))
      return {
        path: [...at, 'id'],
        message: variant.id === 'a' ? '"a" is the base questionnaire' : `"${variant.id}" is used by another variant`,
      };
    variantIds.add(variant.id);
    if ((total += variant.weight) > 100) return { path: [...at, 'weight'], message: 'brings the variants past 100 percent' };
    for (const id of Object.keys(variant.texts)) if (!ids.includes(id)) return { path: [...at, 'texts', id], message: 'names no question' };
    const order = variant.order;
    if (!order) continue;
    if (order.length !== ids.length || ids.some((id) => !order.includes(id)))
      return { path: [...at, 'order'], message: `must list every question id once: ${ids.join(', ')}` };
    const problem = flowProblem(widget.questions, order);
    if (problem) return { path: [...at, 'order'], message: `breaks the flow: ${problem.path.join('.')} ${problem.message}` };
  }
  return undefined;
}

export const WidgetConfigSchema = v.pipe(
  v.strictObject({
    greeting: Text(500),
    /** Absent: the visitor's navigator.language among the shipped ones, else English. */
    language: v.optional(v.picklist(LANGUAGES, `must be one of ${LANGUAGES.join(', ')}`)),
    questions: v.pipe(v.array(QuestionSchema), v.minLength(1, 'must list at least one question'), v.maxLength(50, 'at most 50 questions')),
    variants: v.optional(v.array(VariantSchema), []),
    theme: v.optional(ThemeSchema, {}),
    trigger: v.optional(TriggerSchema, { kind: 'click' }),
    cta: v.optional(CtaSchema),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const problem = widgetProblem(dataset.value);
    if (problem) addIssue({ message: problem.message, path: pathOf(problem.path) });
  }),
);
export type WidgetConfig = v.InferOutput<typeof WidgetConfigSchema>;
