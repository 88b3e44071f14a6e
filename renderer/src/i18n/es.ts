import type { ErrorCode } from '@shared/result';
import type { MessageSchema } from './en';
import { mySecurityMessages } from './es/my-security';
import { twoFactorMessages } from './es/two-factor';
import { deliveryMessages } from './es/delivery';
import { auditMessages } from './es/audit';
import { reviewMessages } from './es/review';
import { adminMessages } from './es/admin';
import { passwordResetMessages } from './es/password-reset';
import { uiMessages } from './es/ui';

/**
 * Spanish messages (neutral Spanish, "usted"). Same keys and parameters as en.ts; the key
 * test (keys.test.ts) fails on a missing, extra or untranslated key.
 */
const errors: Record<ErrorCode, string> = {
  invalid_input: 'Algunos datos introducidos no son válidos. Revise el formulario e inténtelo de nuevo.',
  unknown_channel:
    'Esta versión de la aplicación no admite esa acción. Actualice Portcullis e inténtelo de nuevo.',
  forbidden_sender:
    'Se rechazó la solicitud porque no procedía de la ventana de Portcullis. Reinicie la aplicación.',
  not_signed_in: 'No ha iniciado sesión. Inicie sesión e inténtelo de nuevo.',
  session_expired: 'Su sesión ha caducado. Vuelva a iniciar sesión para continuar.',
  session_revoked: 'Su sesión se finalizó desde otro lugar. Vuelva a iniciar sesión para continuar.',
  permission_denied: 'Su rol no permite esta acción. Si la necesita, pídasela a un administrador.',
  invalid_credentials: 'El nombre de usuario o la contraseña no son correctos.',
  account_locked:
    'Demasiadas contraseñas incorrectas. Esta cuenta está bloqueada durante {minutes} minuto. Inténtelo más tarde o pida a soporte que la desbloquee. | Demasiadas contraseñas incorrectas. Esta cuenta está bloqueada durante {minutes} minutos. Inténtelo más tarde o pida a soporte que la desbloquee.',
  account_blocked: 'Esta cuenta está bloqueada. Pida a un administrador que la desbloquee.',
  password_change_required:
    'Elija una contraseña nueva antes de continuar: un administrador fijó su contraseña o esta ha caducado.',
  two_factor_required:
    'Su rol exige la autenticación en dos pasos. Configúrela en Mi seguridad antes de hacer nada más.',
  password_policy:
    'La contraseña no cumple la política de contraseñas. Elija una contraseña más larga, que no sea común y que no haya usado recientemente.',
  setup_already_done: 'Portcullis ya está configurado. Inicie sesión con una cuenta existente.',
  conflict:
    'Eso ya existe o alguien lo ha cambiado. Revise los datos, vuelva a cargar la página e inténtelo de nuevo.',
  not_found: 'Ese elemento ya no existe. Vuelva a cargar la página e inténtelo de nuevo.',
  keychain_unavailable:
    'El llavero del sistema no está disponible, así que los secretos no se pueden guardar de forma segura. Desbloquee o configure el llavero e inténtelo de nuevo.',
  provider_unavailable:
    'No se pudo contactar con el servicio vinculado (flespi) o no respondió como se esperaba. Compruebe la conexión e inténtelo de nuevo.',
  internal: 'Algo falló por nuestra parte. Inténtelo de nuevo; si sigue ocurriendo, contacte con soporte.',
  invalid_code: 'El código no es correcto o ya se usó. Revise el código e inténtelo de nuevo.',
  challenge_ended:
    'Demasiados códigos incorrectos, o el código caducó. Vuelva a iniciar sesión para recibir uno nuevo.',
  retry_later: 'Espere {seconds} segundos antes de pedir otro código.',
  setup_required:
    'Portcullis todavía no tiene un directorio en este equipo. Cree primero la cuenta del propietario, o revise una exportación de auditoría sin directorio.',
};

export const es: MessageSchema = {
  app: { name: 'Portcullis' },
  ...mySecurityMessages,
  ...twoFactorMessages,
  ...deliveryMessages,
  ...auditMessages,
  ...reviewMessages,
  ...adminMessages,
  ...passwordResetMessages,
  ...uiMessages,
  errors: {
    ...errors,
    passwordPolicyReason: 'La contraseña no cumple la política de contraseñas: {reason}',
    invalidCodeAttemptsLeft: 'El código no es correcto. Intentos restantes: {count}.',
    invalidCodeNoAttemptsLeft:
      'Demasiados códigos incorrectos. Empiece de nuevo para recibir un código nuevo.',
    retryLaterMinutes:
      'Espere {minutes} minuto e inténtelo de nuevo. | Espere {minutes} minutos e inténtelo de nuevo.',
    accountLockedNoTime:
      'Demasiadas contraseñas incorrectas. Esta cuenta está bloqueada durante un tiempo. Inténtelo más tarde o pida a soporte que la desbloquee.',
  },
  common: {
    never: 'nunca',
    off: 'Desactivado',
    comingSoon: 'Próximamente',
    cancel: 'Cancelar',
    none: '—',
  },
  roles: {
    owner: 'Propietario',
    admin: 'Administrador',
    support: 'Soporte',
    auditor: 'Auditor',
    member: 'Miembro',
  },
  status: { active: 'Activo', locked: 'Bloqueo temporal', blocked: 'Bloqueado' },
  twoFactor: {
    totp: 'Aplicación de autenticación',
    email: 'Código por correo electrónico',
    sms: 'Código por SMS',
  },
  nav: {
    dashboard: 'Panel',
    users: 'Usuarios',
    sessions: 'Sesiones',
    tokens: 'Tokens de API',
    audit: 'Registro de auditoría',
    settings: 'Configuración',
    outbox: 'Bandeja de salida',
    mySecurity: 'Mi seguridad',
  },
  header: {
    themeToDark: 'Cambiar al tema oscuro',
    themeToLight: 'Cambiar al tema claro',
    useSystemTheme: 'Seguir el tema del sistema',
    signOut: 'Cerrar sesión',
    userMenu: 'Menú de la cuenta',
  },
  setup: {
    title: 'Crear la cuenta del propietario',
    intro:
      'Es el primer inicio de Portcullis. La cuenta del propietario puede hacerlo todo, incluso gestionar a otros administradores. Guarde su contraseña en un lugar seguro.',
    username: 'Nombre de usuario',
    displayName: 'Nombre visible',
    email: 'Correo electrónico',
    password: 'Contraseña',
    passwordConfirm: 'Confirmar contraseña',
    submit: 'Crear el propietario e iniciar sesión',
    required: 'Este campo es obligatorio.',
    passwordsDiffer: 'Las dos contraseñas no coinciden.',
    checkFields: 'Hay campos vacíos. Rellene los campos resaltados e inténtelo de nuevo.',
  },
  signIn: {
    title: 'Iniciar sesión',
    intro: 'Inicie sesión para gestionar cuentas, sesiones y el registro de auditoría.',
    login: 'Nombre de usuario o correo electrónico',
    password: 'Contraseña',
    submit: 'Iniciar sesión',
    required: 'Este campo es obligatorio.',
    missing: 'Escriba su nombre de usuario o correo electrónico y su contraseña.',
    reason: {
      revoked: 'Su sesión se finalizó desde otro lugar. Vuelva a iniciar sesión para continuar.',
      expired: 'Su sesión ha caducado. Vuelva a iniciar sesión para continuar.',
      signed_out: 'Ha cerrado la sesión.',
    },
  },
  pages: {
    dashboard: 'Panel',
    users: 'Usuarios',
    sessions: 'Sesiones',
    tokens: 'Tokens de API',
    audit: 'Registro de auditoría',
    settings: 'Configuración',
    outbox: 'Bandeja de salida',
    mySecurity: 'Mi seguridad',
  },
  dashboard: {
    welcome: 'Le damos la bienvenida, {name}',
    role: 'Ha iniciado sesión como {role}.',
    comingTitle: 'El resumen de seguridad está en camino',
    comingText:
      'Esta página mostrará cuántas personas usan la autenticación en dos pasos, cuántas sesiones hay activas ahora mismo y un gráfico de inicios de sesión e intentos fallidos a lo largo del tiempo.',
  },
  users: {
    search: 'Buscar por nombre de usuario, nombre o correo electrónico',
    role: 'Rol',
    status: 'Estado',
    add: 'Añadir usuario',
    colUser: 'Usuario',
    colEmail: 'Correo electrónico',
    colRole: 'Rol',
    colStatus: 'Estado',
    col2fa: '2FA',
    colLastLogin: 'Último inicio de sesión',
    colCreated: 'Creado',
    emptyTitle: 'No se encontraron usuarios',
    emptyText: 'Ningún usuario coincide con la búsqueda y los filtros. Cámbielos o bórrelos para ver más.',
    created: 'Se creó el usuario {name}.',
  },
  userForm: {
    title: 'Añadir usuario',
    username: 'Nombre de usuario',
    displayName: 'Nombre visible',
    email: 'Correo electrónico',
    phone: 'Teléfono (opcional)',
    phonePlaceholder: 'Formato internacional, p. ej. +34 912 345 678',
    role: 'Rol',
    canChangePassword: 'Puede cambiar la contraseña',
    mustChangePassword: 'Debe cambiarla en el primer inicio de sesión',
    canSendSms: 'Puede enviar SMS',
    password: 'Contraseña inicial',
    submit: 'Crear usuario',
  },
  sessions: {
    device: 'Dispositivo',
    browser: 'Navegador',
    os: 'Sistema operativo',
    ip: 'Dirección IP',
    location: 'Ubicación',
    created: 'Creada',
    lastSeen: 'Último acceso',
    thisSession: 'Esta sesión',
    emptyTitle: 'No hay sesiones',
    emptyText: 'No hay sesiones activas que mostrar.',
    comingTitle: 'Todas las sesiones, para administradores',
    comingText:
      'Esta página mostrará las sesiones de todos los usuarios, con filtros, para que pueda finalizar una sesión sospechosa o todas las sesiones de una persona.',
  },
  mySecurity: {
    sessionsTitle: 'Sesiones',
    sessionsIntro: 'Dónde tiene iniciada la sesión su cuenta ahora.',
    passwordTitle: 'Contraseña',
    passwordText:
      'Aquí podrá cambiar su contraseña, con un medidor de seguridad y la política de contraseñas.',
    twoFactorTitle: 'Autenticación en dos pasos',
    twoFactorText:
      'Aquí podrá activar una aplicación de autenticación o los códigos por correo electrónico o SMS, y gestionar sus códigos de respaldo.',
    tokensTitle: 'Tokens de API',
    tokensText: 'Aquí podrá crear, ver y revocar sus tokens de API personales.',
  },
  tokens: {
    comingTitle: 'Tokens de API de todos los usuarios',
    comingText:
      'Esta página mostrará todos los tokens de API con su titular, rol, caducidad y último uso, y permitirá revocarlos.',
  },
  settings: {
    comingTitle: 'La configuración está en camino',
    comingText:
      'Aquí se configurarán los límites de autenticación, la política de contraseñas, los servicios de la cuenta y el envío de correo y SMS.',
  },
  operatorLimits: {
    peer: 'Solo alguien con un rol superior al de {user} puede cambiar su dirección de correo electrónico o su rol.',
    self: 'Cambie su propia dirección de correo electrónico en Mi seguridad. Solo alguien con un rol superior puede cambiar su rol.',
  },
  deliverySecrets: {
    mailAgain:
      'Ha cambiado: {fields}. Vuelva a escribir la contraseña para guardar: la contraseña guardada solo se envía al servidor para el que se introdujo.',
    twilioAgain:
      'Ha cambiado adónde se envía el token de autenticación. Vuelva a escribirlo para guardar: el token guardado solo se envía a la pasarela para la que se introdujo.',
    webhookAgain:
      'Ha cambiado adónde se envía el token. Vuelva a escribirlo para guardar: el token guardado solo se envía a la pasarela para la que se introdujo.',
  },
  audit: {
    codeFilter: 'Filtrar por código de evento, p. ej. user:logged_in',
    time: 'Hora',
    code: 'Evento',
    message: 'Mensaje',
    actor: 'Autor',
    subject: 'Afectado',
    ip: 'Dirección IP',
    location: 'Ubicación',
    device: 'Dispositivo',
    sessionHash: 'Sesión',
    emptyTitle: 'No hay eventos de auditoría',
    emptyText: 'Ningún evento coincide con el filtro. Cámbielo o bórrelo para ver más.',
  },
};
