import type { AuditMessages } from './types';

const MINUTES = '{minutes|one:minuto|other:minutos}';

/** Audit messages in Spanish (shown to Spanish viewers; the stored text and exports stay English). */
export const auditMessagesEs: AuditMessages = {
  system: 'El sistema',
  unknownUser: 'un usuario desconocido',
  values: {
    wrong_password: 'contraseña incorrecta',
    'wrong password': 'contraseña incorrecta',
    wrong_code: 'código incorrecto',
    expired: 'caducado',
    replay: 'código ya usado',
    backup_used: 'código de respaldo ya usado',
    locked: 'cuenta bloqueada temporalmente',
    blocked: 'cuenta bloqueada',
    unknown_user: 'usuario desconocido',
    idle: 'inactividad',
    'idle timeout': 'inactividad',
    lifetime: 'duración máxima alcanzada',
    service_off: 'servicio desactivado',
    no_messages_left: 'sin mensajes disponibles',
    no_right: 'sin permiso para SMS',
    gateway_error: 'error de la pasarela',
    no_phone: 'sin número de teléfono',
    owner: 'Propietario',
    admin: 'Administrador',
    support: 'Soporte',
    auditor: 'Auditor',
    member: 'Miembro',
  },
  messages: {
    'user:logged_in': '{subject} inició sesión',
    'user:logged_out': '{subject} cerró sesión',
    'user:login_failed': 'Inicio de sesión fallido de {subject} ({reason})',
    'user:locked': `Se bloqueó la cuenta de {subject} durante {minutes} ${MINUTES} tras demasiados intentos fallidos`,
    'user:created': '{actor} creó el usuario {subject} con el rol {role}',
    'user.password:reset_requested': 'Se solicitó restablecer la contraseña',
    'user.profile:updated': 'Se actualizó el perfil de {subject}',
    'user.preferences:updated': 'Se actualizaron las preferencias de {subject}',
    'user.password:changed': 'Se cambió la contraseña de {subject}',
    'user.2fa:enabled': 'Se activó la autenticación en dos pasos de {subject}',
    'user.2fa:disabled': 'Se desactivó la autenticación en dos pasos de {subject}',
    'user.2fa:backup_codes_regenerated': 'Se generaron nuevos códigos de respaldo para {subject}',
    'user.2fa:backup_code_used':
      '{subject} usó un código de respaldo ({remaining|one:queda|other:quedan} {remaining})',
    'user.2fa:disabled_by_admin': '{actor} desactivó la autenticación en dos pasos de {subject}: {reason}',
    'setup:owner_created': 'Primer inicio: se creó la cuenta de propietario {subject}',
    'session:expired': 'La sesión de {subject} caducó ({reason})',
    'linked_token:updated': '{actor} actualizó el token del servicio vinculado ({region}, {source})',
    'admin.user:unlocked': '{actor} quitó el bloqueo temporal de {subject}',
    'admin.user:blocked': '{actor} bloqueó a {subject}',
    'admin.user:unblocked': '{actor} desbloqueó a {subject}',
    'admin.user:updated': '{actor} actualizó el usuario {subject}',
    'session:revoked': '{actor} finalizó una sesión de {subject}',
    'token:created': '{actor} creó el token de API {name} para {subject}',
    'token:revoked': '{actor} revocó el token de API {name} de {subject}',
    'admin.user:password_change_forced':
      '{actor} exigió a {subject} cambiar la contraseña en el próximo inicio de sesión',
    'admin.user:password_reset_sent': '{actor} envió un código para restablecer la contraseña a {subject}',
    'admin.sessions:revoked_all':
      '{actor} finalizó {count|one:la|other:las} {count} {count|one:sesión|other:sesiones} de {subject}',
    'user.password:reset': '{subject} estableció una contraseña nueva con un código de restablecimiento',
    'user:blocked_on_date': 'Se bloqueó a {subject} en la fecha de bloqueo {date}',
    'settings:changed': '{actor} cambió la configuración de {section}',
    'audit:exported':
      '{actor} exportó {count} {count|one:evento|other:eventos} de auditoría en formato {format}',
    'audit:retention_applied':
      'La retención de auditoría eliminó {removed} {removed|one:evento|other:eventos} de más de {days} {days|one:día|other:días}',
    'audit:signing_key_rotated':
      '{actor} sustituyó la clave de firma de auditoría {previous} por {fingerprint}',
    'audit:signing_key_revoked': '{actor} marcó como revocada la clave de firma de auditoría {fingerprint}',
    'audit:signing_key_saved': '{actor} guardó la clave pública de firma {fingerprint} como {file}',
    'delivery.sms:fallback':
      'No se pudo enviar el SMS a {subject} ({reason}); el código se envió por correo electrónico a {to}',
    'delivery.outbox:retried': '{actor} reintentó el mensaje saliente n.º {id}',
    'delivery.outbox:cancelled': '{actor} canceló el mensaje saliente n.º {id}',
    'settings.mail:updated': '{actor} cambió la configuración de correo (SMTP)',
    'settings.sms:updated': '{actor} cambió la configuración de la pasarela SMS',
    'settings.services:updated': '{actor} cambió los servicios de la cuenta',
  },
};
