import type { languageMessages as en } from '../en/language';

/** Russian messages of the language switch (user menu and sign-in page). */
export const languageMessages: typeof en = {
  language: {
    label: 'Язык',
    choose: 'Выберите язык Portcullis',
    saveFailed: 'Язык изменён в этом окне, но сохранить его в вашей учётной записи не удалось: {error}',
  },
};
