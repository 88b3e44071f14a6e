import { createI18n } from 'vue-i18n';
import type { Language } from '@shared/domain/language';
import { en, type MessageSchema } from './en';
import { es } from './es';
import { ru } from './ru';
import { languageMessages as enLanguage } from './en/language';
import { languageMessages as esLanguage } from './es/language';
import { languageMessages as ruLanguage } from './ru/language';
import { russianPlural } from './plural';

/** Every locale's messages; the language switch's own texts are kept beside the pages' ones. */
export const messages = {
  en: { ...en, ...enLanguage },
  es: { ...es, ...esLanguage },
  ru: { ...ru, ...ruLanguage },
} satisfies Record<Language, MessageSchema & typeof enLanguage>;

/** The app's i18n instance (composition mode); components use `useI18n()`. */
export const i18n = createI18n<[MessageSchema & typeof enLanguage], Language, false>({
  // Composition mode still has to be asked for: vue-i18n 11 defaults to the legacy API.
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  legacy: false,
  locale: 'en',
  fallbackLocale: 'en',
  messages,
  // Russian has three plural forms (1 минута, 2 минуты, 5 минут); Spanish and English two.
  pluralRules: { ru: russianPlural },
});
