/** Which language the console speaks: the user's choice (kept in localStorage), else navigator.languages. */
import { en, type Strings } from './en';
import { ptBR } from './pt-br';

export const LANGS = ['en', 'pt-BR'] as const;
export type Lang = (typeof LANGS)[number];

/** Each language's name in itself, for the switcher. */
export const LANG_NAMES: Record<Lang, string> = { en: 'English', 'pt-BR': 'Português (Brasil)' };

const DICTIONARIES: Record<Lang, Strings> = { en, 'pt-BR': ptBR };
const KEY = 'leadtrail.console.lang';

export function strings(lang: Lang): Strings {
  return DICTIONARIES[lang];
}

export function isLang(value: unknown): value is Lang {
  return typeof value == 'string' && (LANGS as readonly string[]).includes(value);
}

/** The first preferred language we ship (every Portuguese variant reads pt-BR; anything else falls back to English). */
export function pickLang(preferred: readonly string[]): Lang {
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('pt')) return 'pt-BR';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

export function initialLang(): Lang {
  try {
    const chosen = localStorage.getItem(KEY);
    if (isLang(chosen)) return chosen;
  } catch {
    // No storage: fall through to the browser's languages.
  }
  return pickLang(navigator.languages?.length ? navigator.languages : [navigator.language]);
}

export function rememberLang(lang: Lang): void {
  try {
    localStorage.setItem(KEY, lang);
  } catch {
    // The choice lasts until reload.
  }
}
