/** The date range: two native date inputs (UTC days, both inclusive) and presets; Apply sets the range. */
import { useState } from 'preact/hooks';
import { useUi } from '../context';
import { lastDays, type Range, validRange } from '../dates';

const PRESETS = [7, 30, 90] as const;

export function RangePicker({ range, onRange }: { range: Range; onRange(range: Range): void }) {
  const { t } = useUi();
  const [draft, setDraft] = useState(range);
  const invalid = !validRange(draft);
  return (
    <form
      class="range"
      onSubmit={(e) => {
        e.preventDefault();
        if (!invalid) onRange(draft);
      }}
    >
      <fieldset>
        <legend>{t.range.legend}</legend>
        <label>
          {t.range.from}
          <input
            type="date"
            name="from"
            value={draft.from}
            max={draft.to}
            aria-invalid={invalid ? 'true' : undefined}
            onInput={(e) => setDraft({ ...draft, from: e.currentTarget.value })}
          />
        </label>
        <label>
          {t.range.to}
          <input
            type="date"
            name="to"
            value={draft.to}
            min={draft.from}
            aria-invalid={invalid ? 'true' : undefined}
            onInput={(e) => setDraft({ ...draft, to: e.currentTarget.value })}
          />
        </label>
        <button type="submit" disabled={invalid}>
          {t.range.apply}
        </button>
        {PRESETS.map((days) => (
          <button
            key={days}
            type="button"
            class="secondary"
            onClick={() => {
              const next = lastDays(days);
              setDraft(next);
              onRange(next);
            }}
          >
            {t.range.last(days)}
          </button>
        ))}
      </fieldset>
      {invalid && (
        <p class="field-error" role="alert">
          {t.range.invalid}
        </p>
      )}
    </form>
  );
}
