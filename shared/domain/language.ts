/** The languages the console, its emails and SMS come in. */
export const LANGUAGES = ['en', 'es', 'ru'] as const;

/** One of {@link LANGUAGES}. */
export type Language = (typeof LANGUAGES)[number];

/** The language messages go out in when a person has not chosen one (the directory default). */
export const DEFAULT_LANGUAGE: Language = 'en';

/** True for one of the three language codes, exactly as stored ('en', never 'EN' or 'en-GB'). */
export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** A stored value as a language, or null when none (or an unknown one) is stored. */
export function asLanguage(value: unknown): Language | null {
  return isLanguage(value) ? value : null;
}
