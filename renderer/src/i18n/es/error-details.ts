import type { errorDetailMessages as en } from '../en/error-details';

/** Spanish texts for errors main sends with a rule or field in `details`. */
export const errorDetailMessages: typeof en = {
  errorDetail: {
    passwordRule: {
      min_length: 'Use al menos {min} caracteres.',
      max_length: 'Use como máximo {max} caracteres.',
      identity: 'La contraseña no puede ser su nombre de usuario ni su dirección de correo electrónico.',
      context:
        'No construya la contraseña a partir de «{word}»: sin esa palabra, use al menos {min} letras o dígitos.',
      common:
        'Esta contraseña figura en la lista de contraseñas comunes o filtradas. Elija una más difícil de adivinar.',
      reuse:
        'Ha usado esta contraseña recientemente. Elija una que no haya usado en sus últimas {count} contraseñas.',
    },
    conflictField: {
      username: 'Ya existe un usuario con este nombre de usuario. Elija otro.',
      email: 'Otro usuario ya tiene esta dirección de correo electrónico. Use una dirección distinta.',
    },
  },
};
