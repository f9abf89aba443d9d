/**
 * "Skip to content". The page routes by the hash, so a plain #main link would navigate away: it moves the
 * focus to <main> itself instead.
 */
import { useUi } from '../context';

export function SkipLink() {
  const { t } = useUi();
  return (
    <a
      class="skip"
      href="#main"
      onClick={(e) => {
        e.preventDefault();
        document.getElementById('main')?.focus();
      }}
    >
      {t.skip}
    </a>
  );
}
