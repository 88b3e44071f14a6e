/** The languages the console, its emails and SMS come in. */
export const LANGUAGES = ['en', 'es', 'ru'] as const;

/** One of {@link LANGUAGES}. */
export type Language = (typeof LANGUAGES)[number];
