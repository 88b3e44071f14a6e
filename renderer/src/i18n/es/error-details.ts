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
    permissionRule: {
      recover_self:
        'Haga este cambio en su propia página Mi seguridad, que le pide un código o su contraseña.',
      recover_self_role: 'No puede cambiar su propio rol. Solo puede hacerlo alguien con un rol superior.',
      recover_owner:
        'Nadie puede hacer este cambio a un propietario desde la consola. El propietario lo hace en su propia página Mi seguridad.',
      recover_owner_role: 'Nadie puede cambiar el rol de un propietario desde la consola.',
      recover_peer:
        'Este usuario tiene el mismo rol que usted ({role}). Solo alguien con un rol superior puede hacerlo: pídaselo.',
      above_role:
        'El rol de este usuario ({role}) es superior al suyo. Pida a alguien con un rol superior que lo haga.',
      role_above_own:
        'No puede asignar el rol {role}: es superior al suyo. Elija su propio rol o uno inferior.',
      token_role_above: 'Su rol no puede revocar un token con el rol {role}, que es superior al suyo.',
    },
    conflictRule: {
      block_self: 'No puede bloquear su propia cuenta.',
      already_revoked: 'Ese token ya estaba revocado.',
      two_factor_off: 'La autenticación en dos pasos no está activada para este usuario.',
    },
    invalidRule: {
      token_months: 'Un token es válido de {min} a {max} meses.',
      max_below_min: 'La longitud máxima no puede ser menor que la longitud mínima.',
      current_session: 'Esta es la sesión que está usando. Cierre la sesión en su lugar.',
    },
    invalidIssue: {
      too_small_string: 'Use al menos {minimum} caracteres.',
      too_big_string: 'Use como máximo {maximum} caracteres.',
      too_small_number: 'Introduzca un número igual o mayor que {minimum}.',
      too_big_number: 'Introduzca un número igual o menor que {maximum}.',
      too_small_array: 'Elija al menos {minimum}.',
      too_big_array: 'Elija como máximo {maximum}.',
      invalid_format_email: 'Introduzca una dirección de correo electrónico válida.',
    },
  },
};
