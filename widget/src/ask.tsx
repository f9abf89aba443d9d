/**
 * One question as a form: native radios, checkboxes and inputs (their semantics and keyboard behaviour for
 * free), inline validation announced with role="alert", nothing sent until the answer is valid.
 */
import { useRef, useState } from 'preact/hooks';
import type { Strings } from './strings';
import type { Question } from './types';
import { isEmail, isPhone } from './validate';

export interface AskProps {
  q: Question;
  t: Strings;
  /** value undefined: skipped. `shown` is what the visitor's bubble says. */
  onAnswer(value: string | undefined, shown: string): void;
}

const INPUT = { text: 'text', email: 'email', phone: 'tel' } as const;

export function Ask({ q, t, onAnswer }: AskProps) {
  const [picked, setPicked] = useState<string[]>([]);
  const [error, setError] = useState('');
  const field = useRef<HTMLInputElement>(null);
  const choice = q.type == 'single' || q.type == 'multiple';

  const submit = (e: SubmitEvent): void => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const typed = field.current?.value.trim() || '';
    const chosen = q.options?.filter((o) => picked.includes(o.value)) || [];
    const value = choice
      ? chosen.map((o) => o.value).join(',')
      : q.type == 'consent'
        ? picked[0]
          ? 'yes'
          : q.required
            ? ''
            : 'no'
        : typed;
    const invalid = (q.type == 'email' && !isEmail(value)) || (q.type == 'phone' && !isPhone(value));
    if (!value && !q.required) return onAnswer(undefined, t.skip);
    const problem = !value
      ? q.messages?.required || (q.type == 'consent' ? t.consent : t.required)
      : invalid
        ? q.messages?.invalid || t[q.type as 'email' | 'phone']
        : '';
    setError(problem);
    // Back to the field, where the screen reader reads the message it describes.
    if (problem) return form.querySelector('input')?.focus();
    onAnswer(value, choice ? chosen.map((o) => o.label).join(', ') : q.type == 'consent' ? (value == 'yes' ? '✓' : '✗') : value);
  };

  const toggle = (value: string, on: boolean): void =>
    setPicked(q.type == 'multiple' ? (on ? [...picked, value] : picked.filter((v) => v != value)) : on ? [value] : []);
  const described = error ? 'lt-err' : undefined;

  return (
    <form onSubmit={submit} noValidate>
      {choice ? (
        <fieldset role={q.type == 'single' ? 'radiogroup' : undefined} aria-describedby={described} aria-invalid={!!error}>
          <legend class="sr">{q.text}</legend>
          {q.options!.map((o) => (
            <label key={o.value}>
              <input
                type={q.type == 'single' ? 'radio' : 'checkbox'}
                name={q.id}
                value={o.value}
                checked={picked.includes(o.value)}
                onChange={(e) => toggle(o.value, e.currentTarget.checked)}
              />
              {o.label}
            </label>
          ))}
        </fieldset>
      ) : q.type == 'consent' ? (
        <label>
          <input
            type="checkbox"
            checked={!!picked[0]}
            onChange={(e) => setPicked(e.currentTarget.checked ? ['yes'] : [])}
            aria-describedby={described}
            aria-invalid={!!error}
          />
          {q.text}
        </label>
      ) : (
        <>
          <label class="sr" for="lt-in">
            {q.text}
          </label>
          <input
            ref={field}
            id="lt-in"
            class="in"
            // Preact's types split <input> by type into unions TypeScript cannot pick from a computed value.
            type={INPUT[q.type as keyof typeof INPUT] as 'text'}
            autocomplete={q.type == 'email' ? 'email' : q.type == 'phone' ? 'tel' : 'off'}
            placeholder={q.placeholder || t.answer}
            maxLength={q.type == 'text' ? 1000 : 254}
            aria-describedby={described}
            aria-invalid={!!error}
            aria-required={q.required}
          />
        </>
      )}
      {error && (
        <p id="lt-err" class="err" role="alert">
          ⚠ {error}
        </p>
      )}
      <div class="row">
        <button class="b">{t.next}</button>
        {!q.required && (
          <button type="button" class="b s" onClick={() => onAnswer(undefined, t.skip)}>
            {t.skip}
          </button>
        )}
      </div>
    </form>
  );
}
