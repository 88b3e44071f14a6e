import { createI18n } from 'vue-i18n';
import { en, type MessageSchema } from './en';

/** The app's i18n instance (composition mode); components use `useI18n()`. */
export const i18n = createI18n<[MessageSchema], 'en', false>({
  // Composition mode still has to be asked for: vue-i18n 11 defaults to the legacy API.
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  legacy: false,
  locale: 'en',
  fallbackLocale: 'en',
  messages: { en },
});
