import type { languageMessages as en } from '../en/language';

/** Spanish messages of the language switch (user menu and sign-in page). */
export const languageMessages: typeof en = {
  language: {
    label: 'Idioma',
    choose: 'Elija el idioma de Portcullis',
    saveFailed: 'El idioma cambió en esta ventana, pero no se pudo guardar en su cuenta: {error}',
  },
};
