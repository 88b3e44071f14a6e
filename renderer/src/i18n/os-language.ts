import { isLanguage, type Language } from '@shared/domain/language';

/** Names of the languages in themselves, as a language menu shows them. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', es: 'Español', ru: 'Русский' };

/**
 * The first of the OS's preferred languages Portcullis speaks ("ru-RU" → ru), else English.
 */
export function osLanguage(preferred: readonly string[] = navigator.languages): Language {
  for (const tag of preferred) {
    const code = tag.toLowerCase().split(/[-_]/)[0];
    if (isLanguage(code)) return code;
  }
  return 'en';
}
