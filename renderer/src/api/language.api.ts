import type { Language } from '@shared/domain/language';
import { call } from './client';

/** The signed-in person's language, kept in their account (account:setLanguage). */
export const languageApi = {
  set: (language: Language) => call((api) => api.account.setLanguage({ language })),
};
