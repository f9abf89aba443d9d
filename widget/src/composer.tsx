/** The chat's composer: one labelled text field and a send button; Enter sends, nothing empty is sent. */
import { useRef } from 'preact/hooks';
import type { Strings } from './strings';

export function Composer({ t, onSend }: { t: Strings; onSend(text: string): void }) {
  const field = useRef<HTMLInputElement>(null);
  const submit = (e: SubmitEvent): void => {
    e.preventDefault();
    const input = field.current!;
    const text = input.value.trim();
    if (text) onSend(text);
    input.value = '';
    input.focus();
  };
  return (
    <form onSubmit={submit} class="say">
      <label class="sr" for="lt-say">
        {t.message}
      </label>
      <input ref={field} id="lt-say" class="in" autocomplete="off" maxLength={2000} placeholder={t.message} />
      <button class="b">{t.send}</button>
    </form>
  );
}
