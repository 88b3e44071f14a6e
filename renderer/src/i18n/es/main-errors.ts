import type { mainErrorMessages as en } from '../en/main-errors';

/** Spanish texts for refusals main names with a `rule` in `details`, whatever the error code. */
export const mainErrorMessages: typeof en = {
  mainError: {
    password_change_not_allowed:
      'Su cuenta no tiene permiso para cambiar su contraseña. Pida a un administrador que la cambie.',
    current_password_wrong: 'La contraseña actual no es correcta.',
    password_wrong: 'La contraseña no es correcta.',
    same_email: 'Esta ya es su dirección de correo electrónico. Escriba la nueva dirección que quiere usar.',
    no_email_change: 'No hay ningún cambio de correo pendiente, o su código ha caducado. Empiece de nuevo.',
    audit_altered:
      'No se exporta: el registro de auditoría de esta base de datos fue alterado. Restaure una copia de seguridad verificada (portcullis restore) o guarde este archivo como prueba; "portcullis audit verify --db" muestra el mismo hallazgo.',
    unknown_signing_key:
      'Este directorio nunca ha tenido una clave con esa huella digital. Compruébela e inténtelo de nuevo.',
    signing_key_already_revoked: 'Esa clave ya estaba marcada como comprometida.',
    no_signing_key:
      'Este directorio aún no tiene clave de firma: se crea con la primera exportación firmada.',
    signing_key_changed:
      'La clave de firma cambió desde que esta página la mostró (alguien la renovó o la revocó). Recargue la tarjeta, compruebe de nuevo la huella digital y repita.',
    signing_key_not_in_keychain:
      'La clave de firma de auditoría de este directorio ({fingerprint}) no está en el llavero de este equipo. Sin ella no se pueden firmar exportaciones: ejecute Portcullis en el equipo que tiene la clave o restaure esa entrada del llavero.',
    signing_key_failed:
      'No se pudo crear, cargar o guardar la clave de firma de auditoría. Inténtelo de nuevo; si sigue ocurriendo, revise el llavero del sistema.',
    organisation_name:
      'El nombre de la organización debe tener como máximo {max} caracteres, en una sola línea.',
    trust_file_unreadable:
      'No se pudo leer el archivo de firmantes de confianza. Revise sus permisos y abra de nuevo la revisión.',
    trust_file_damaged:
      'El archivo de firmantes de confianza está dañado. Muévalo a otro lugar y añada de nuevo los firmantes de confianza.',
    fingerprint_format:
      'Una huella digital tiene 64 caracteres hexadecimales (se ignoran grupos, espacios y dos puntos). Copie la huella digital completa.',
    organisation_required:
      'Indique la organización a la que pertenece esta clave (como máximo 200 caracteres, en una sola línea).',
    key_mismatch: 'La clave pública no corresponde a la huella digital.',
    not_key_file:
      'Ese no es un archivo de clave pública de firma. Elija el archivo .json que guardó el propietario del directorio.',
    key_history_invalid:
      'El historial de claves del archivo no se puede verificar, así que su clave no es de confianza. Pida al propietario del directorio un archivo de clave nuevo.',
    smtp_password_again:
      'Escriba de nuevo la contraseña SMTP para guardar este cambio. La contraseña guardada solo se envía al servidor para el que se escribió.',
    twilio_token_again:
      'Escriba de nuevo el token de autenticación de Twilio para guardar una nueva dirección de API o un nuevo SID de cuenta. El token guardado solo se envía a la pasarela para la que se escribió.',
    webhook_token_again:
      'Escriba de nuevo el token del webhook para guardar una nueva URL o cabecera del webhook. El token guardado solo se envía a la pasarela para la que se escribió.',
    sms_unavailable:
      'Ahora no se puede enviar un SMS a esta cuenta. Use un código de respaldo o pida ayuda a soporte.',
    flespi_needs_window:
      'Para iniciar sesión en flespi se necesita la ventana de la aplicación de escritorio.',
    no_linked_token: 'Todavía no hay token de flespi. Inicie sesión en flespi o escriba uno primero.',
    code_discarded: 'Este código de un solo uso se descartó; pida al usuario que solicite uno nuevo.',
    outbox_not_pending:
      'Solo se pueden cambiar los mensajes pendientes o fallidos; puede que se acabe de enviar.',
    reset_no_sms: 'Esta cuenta no usa códigos SMS. Use su segundo factor.',
    reset_email_code:
      'Un código por correo no puede confirmar un restablecimiento de contraseña que se envió por correo. Use un código de respaldo o pida ayuda a soporte.',
    reset_second_factor_first:
      'Confirme con su segundo factor (o un código de respaldo) antes de establecer la nueva contraseña.',
    email_recovery_off:
      'La recuperación de contraseña por correo está desactivada. Pida a su administrador o a soporte que le envíe un código de restablecimiento.',
    reset_ended:
      'Este restablecimiento de contraseña ha terminado (el código caducó, ya se usó o tuvo demasiados intentos fallidos). Pida un código nuevo.',
    reset_invalid:
      'El nombre de usuario o el código de restablecimiento no es correcto, o el código ha caducado. Pida un código nuevo.',
    not_a_file:
      'Eso no es un archivo normal (es una carpeta, un dispositivo o una tubería). Elija el archivo de exportación .jsonl.',
    file_unreadable:
      'No se pudo encontrar o leer el archivo. Compruebe que todavía existe y ábralo de nuevo.',
    review_closed: 'Esta revisión ya no está abierta; abra el archivo de nuevo.',
    key_file_unreadable:
      'No se pudo leer el archivo de clave. Compruebe que todavía existe e inténtelo de nuevo.',
    token_needs_two_factor:
      'Su rol ({role}) requiere autenticación en dos pasos. Actívela en Mi seguridad y luego cree el token.',
    phone_format:
      'Escriba un número de teléfono válido en formato internacional, por ejemplo +34 612 345 678.',
    two_factor_not_on: 'La autenticación en dos pasos no está activada.',
    two_factor_setup_expired: 'La configuración caducó. Empiece de nuevo.',
    use_authenticator: 'Use el código de su aplicación de autenticación.',
    two_factor_already_on:
      'La autenticación en dos pasos ya está activada. Desactívela primero para cambiar el método.',
    block_date_past:
      'La fecha de bloqueo ya pasó. Indique una fecha futura, o déjela vacía para bloquear ahora.',
    user_exists: 'Ya existe un usuario con este nombre de usuario o esta dirección de correo. Elija otro.',
  },
};
