/** English texts for errors main sends with a rule or field in `details` (error-text.ts). */
export const errorDetailMessages = {
  errorDetail: {
    passwordRule: {
      min_length: 'Use at least {min} characters.',
      max_length: 'Use at most {max} characters.',
      identity: 'The password must not be your username or email address.',
      context: 'Do not build the password on "{word}": without it, use at least {min} letters or digits.',
      common:
        'This password is on the list of common or breached passwords. Choose one that is harder to guess.',
      reuse: 'You used this password recently. Choose one you have not used in your last {count} passwords.',
    },
    conflictField: {
      username: 'A user with this username already exists. Choose another username.',
      email: 'Another user already has this email address. Use a different address.',
    },
  },
};
