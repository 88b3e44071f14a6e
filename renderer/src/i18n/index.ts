import { createI18n } from 'vue-i18n';
import type { Language } from '@shared/domain/language';
import { en, type MessageSchema } from './en';
import { es } from './es';
import { ru } from './ru';
import { languageMessages as enLanguage } from './en/language';
import { languageMessages as esLanguage } from './es/language';
import { languageMessages as ruLanguage } from './ru/language';
import { errorDetailMessages as enErrorDetail } from './en/error-details';
import { errorDetailMessages as esErrorDetail } from './es/error-details';
import { errorDetailMessages as ruErrorDetail } from './ru/error-details';
import { paletteMessages as enPalette } from './en/palette';
import { paletteMessages as esPalette } from './es/palette';
import { paletteMessages as ruPalette } from './ru/palette';
import { mainErrorMessages as enMainError } from './en/main-errors';
import { mainErrorMessages as esMainError } from './es/main-errors';
import { mainErrorMessages as ruMainError } from './ru/main-errors';
import { connectionMessages as enConnection } from './en/connection';
import { connectionMessages as esConnection } from './es/connection';
import { connectionMessages as ruConnection } from './ru/connection';
import { russianPlural } from './plural';

/** Texts of the language switch, errors' details and the command palette, beside the pages' (en.ts). */
type Extra = typeof enLanguage &
  typeof enErrorDetail &
  typeof enPalette &
  typeof enMainError &
  typeof enConnection;

/** Every locale's messages. */
export const messages = {
  en: { ...en, ...enLanguage, ...enErrorDetail, ...enPalette, ...enMainError, ...enConnection },
  es: { ...es, ...esLanguage, ...esErrorDetail, ...esPalette, ...esMainError, ...esConnection },
  ru: { ...ru, ...ruLanguage, ...ruErrorDetail, ...ruPalette, ...ruMainError, ...ruConnection },
} satisfies Record<Language, MessageSchema & Extra>;

/** The app's i18n instance (composition mode); components use `useI18n()`. */
export const i18n = createI18n<[MessageSchema & Extra], Language, false>({
  // Composition mode still has to be asked for: vue-i18n 11 defaults to the legacy API.
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  legacy: false,
  locale: 'en',
  fallbackLocale: 'en',
  messages,
  // Russian has three plural forms (1 минута, 2 минуты, 5 минут); Spanish and English two.
  pluralRules: { ru: russianPlural },
});
