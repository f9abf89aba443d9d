/** The language switcher: a labelled native select, each language named in itself. */
import { useUi } from '../context';
import { isLang, LANG_NAMES, LANGS, type Lang } from '../i18n/lang';

export function LangSwitch({ onLang }: { onLang(lang: Lang): void }) {
  const { t, lang } = useUi();
  return (
    <label class="lang">
      <span>{t.language}</span>
      <select
        value={lang}
        onChange={(e) => {
          const value = e.currentTarget.value;
          if (isLang(value)) onLang(value);
        }}
      >
        {LANGS.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANG_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
