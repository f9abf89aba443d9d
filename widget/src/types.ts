/**
 * The widget's view of `GET /v1/config` (core/tenants/questionnaire-public.ts is the server's side; the
 * browser packages import nothing outside their folder, so this is a hand-kept copy, held to the server's
 * output by test/browser/widget.test.ts running against the real Worker).
 */
export type QuestionType = 'single' | 'multiple' | 'text' | 'email' | 'phone' | 'consent';
export type Lang = 'en' | 'pt-BR' | 'es';

export interface Option {
  label: string;
  value: string;
  next?: string;
  signal?: 'product_interest' | 'demo_requested';
}

export interface Question {
  id: string;
  type: QuestionType;
  text: string;
  options?: Option[];
  next?: string;
  required: boolean;
  placeholder?: string;
  messages?: { required?: string; invalid?: string };
}

export interface Variant {
  id: string;
  weight: number;
  greeting?: string;
  order?: string[];
  texts: Record<string, string>;
}

export interface Theme {
  primary: string;
  on_primary: string;
  background: string;
  text: string;
  position: 'left' | 'right';
  launcher_text?: string;
  agent_name?: string;
  avatar_url?: string;
}

export type Trigger =
  { kind: 'click' } | { kind: 'delay'; seconds: number } | { kind: 'scroll'; percent: number } | { kind: 'exit_intent' };

export interface WidgetConfig {
  greeting: string;
  language?: Lang;
  questions: Question[];
  variants: Variant[];
  theme: Theme;
  trigger: Trigger;
  cta?: { label: string; url: string; kind: 'book_demo' | 'talk_to_sales' };
}

/** The questionnaire as this visitor sees it: the variant's greeting, order and wording applied. */
export interface Script {
  variant: string;
  greeting: string;
  order: string[];
  byId: Record<string, Question>;
}
