/** English messages of the language switch (user menu and sign-in page). */
export const languageMessages = {
  language: {
    label: 'Language',
    choose: 'Choose the language of Portcullis',
    saveFailed: 'The language changed in this window, but it could not be saved to your account: {error}',
  },
};
