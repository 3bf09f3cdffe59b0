import { LOCALE_NAMES, LOCALES, type Locale } from '@rapport/shared';
import { useEffect, useState } from 'preact/hooks';

import { type LanguagePreference, languagePreference, m, resolveLocale } from '../i18n/pages';

/**
 * The language of the extension: the browser's (named with the language it resolves to), or one chosen.
 * Each language is named in itself ("Italiano"), so a person who cannot read the current one still finds
 * theirs. Stored in `languagePreference`: extension pages reload in it (entrypoints' `watchLocale`) and the
 * overlays repaint.
 */
export function LanguageChoice() {
  const [value, setValue] = useState<LanguagePreference | null>(null);
  useEffect(() => {
    void languagePreference.getValue().then(setValue);
  }, []);
  const choose = (next: string) => {
    const preference: LanguagePreference = (LOCALES as readonly string[]).includes(next)
      ? (next as Locale)
      : 'auto';
    setValue(preference);
    void languagePreference.setValue(preference);
  };
  return (
    <section class="card language">
      <div class="field">
        <label for="language">{m.common.language}</label>
        <select
          id="language"
          value={value ?? 'auto'}
          disabled={value === null}
          aria-describedby="language-hint"
          onChange={(e) => choose(e.currentTarget.value)}
        >
          <option value="auto">{m.common.languageAuto(LOCALE_NAMES[resolveLocale('auto')])}</option>
          {LOCALES.map((l) => (
            <option key={l} value={l} lang={l}>
              {LOCALE_NAMES[l]}
            </option>
          ))}
        </select>
      </div>
      <p class="hint" id="language-hint">
        {m.pages.options.languageHint}
      </p>
    </section>
  );
}
