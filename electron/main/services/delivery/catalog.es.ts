import type { MessageCatalog } from './catalog.en';

/** The Spanish catalogue (usted throughout; same templates and placeholders as catalog.en.ts). */
export const es: MessageCatalog = {
  language: 'es',
  appName: 'Portcullis',
  greeting: 'Hola, {username}:',
  signOff: '— Portcullis',
  footer: 'Portcullis envió este mensaje automáticamente. Por favor, no responda.',
  purposes: {
    sign_in: 'iniciar sesión',
    enable_2fa: 'activar la autenticación en dos pasos',
    regenerate_backup_codes: 'crear nuevos códigos de respaldo',
    disable_2fa: 'desactivar la autenticación en dos pasos',
    verify_email: 'confirmar esta dirección de correo electrónico',
    verify_phone: 'confirmar su número de teléfono',
    reset_password: 'restablecer su contraseña',
  },
  methods: {
    totp: 'aplicación de autenticación',
    email: 'códigos por correo electrónico',
    sms: 'códigos por SMS',
  },
  unknownLocation: 'lugar desconocido',
  templates: {
    verification_code: {
      subject: 'Su código de verificación de Portcullis',
      lines: [
        'Su código para {purpose} es: {code}',
        'Caduca en {minutes} {minutes|one:minuto|other:minutos}. Si no lo solicitó, puede ignorar este mensaje.',
      ],
    },
    password_changed: {
      subject: 'Se cambió su contraseña de Portcullis',
      lines: [
        'La contraseña de su cuenta se cambió el {at} desde {ip} ({location}).',
        'Si no fue usted, póngase en contacto con su administrador de inmediato.',
      ],
    },
    password_reset_code: {
      subject: 'Restablezca su contraseña de Portcullis',
      lines: [
        'Su código para restablecer la contraseña es: {code}',
        'Caduca en {minutes} {minutes|one:minuto|other:minutos}. Si no solicitó restablecerla, póngase en contacto con su administrador.',
      ],
    },
    password_reset_not_allowed: {
      subject: 'Solicitud de restablecimiento de contraseña',
      lines: [
        'Alguien solicitó restablecer la contraseña de su cuenta de Portcullis.',
        'Su cuenta no puede cambiar su propia contraseña, así que no se envió ningún código. Si necesita una contraseña nueva, póngase en contacto con su administrador.',
        'Si no lo solicitó, puede ignorar este mensaje.',
      ],
    },
    two_factor_enabled: {
      subject: 'Autenticación de dos factores activada',
      lines: ['La autenticación en dos pasos ({method}) ya está activada en su cuenta.'],
    },
    two_factor_disabled: {
      subject: 'Autenticación de dos factores desactivada',
      lines: [
        'La autenticación en dos pasos ya está desactivada en su cuenta.',
        'Si no fue usted, cambie su contraseña y póngase en contacto con su administrador.',
      ],
    },
    two_factor_disabled_by_admin: {
      subject: 'El equipo de soporte desactivó la autenticación en dos pasos',
      lines: [
        'El equipo de soporte ({operator}) desactivó la autenticación en dos pasos en su cuenta.',
        'Motivo indicado: {reason}',
        'Puede volver a activarla en su página de seguridad.',
      ],
    },
    backup_codes_regenerated: {
      subject: 'Se crearon nuevos códigos de respaldo',
      lines: [
        'Se crearon nuevos códigos de respaldo para su cuenta; los anteriores ya no funcionan.',
        'Si no fue usted, póngase en contacto con su administrador.',
      ],
    },
    email_change_code: {
      subject: 'Confirme su nueva dirección de correo electrónico',
      lines: [
        'Su código para confirmar esta dirección es: {code}',
        'Caduca en {minutes} {minutes|one:minuto|other:minutos}.',
      ],
    },
    email_changed_notice: {
      subject: 'Se cambió su dirección de correo electrónico',
      lines: [
        'La dirección de correo electrónico de su cuenta se cambió a {newEmail}.',
        'Si no fue usted, póngase en contacto con su administrador de inmediato.',
      ],
    },
    email_changed_by_operator: {
      subject: 'Un administrador cambió su dirección de correo electrónico',
      lines: [
        '{operator} cambió la dirección de correo electrónico de su cuenta a {newEmail}.',
        'Los códigos y mensajes de su cuenta ahora se envían a la nueva dirección, no a esta.',
        'Si no lo solicitó, póngase en contacto con su administrador de inmediato.',
      ],
    },
    blocking_notice: {
      subject: 'Su cuenta se bloqueará el {blockingDate}',
      lines: [
        'Su cuenta se bloqueará el {blockingDate} (dentro de {daysLeft} {daysLeft|one:día|other:días}).',
        'Si la necesita durante más tiempo, póngase en contacto con su administrador.',
      ],
    },
    test_email: {
      subject: 'Correo de prueba de Portcullis',
      lines: [
        'Este es un correo de prueba que {operator} envió desde la configuración de correo de Portcullis.',
        '¡Funciona!',
      ],
    },
  },
  sms: {
    code: 'Código de Portcullis para {purpose}: {code}. Caduca en {minutes} min.',
    test: 'Mensaje de prueba de Portcullis enviado por {operator}: la pasarela SMS funciona.',
  },
};
