import type { passwordResetMessages as en } from '../en/password-reset';

/** Spanish "¿Olvidó su contraseña?" on the sign-in screen. */
export const passwordResetMessages: typeof en = {
  recovery: {
    link: '¿Olvidó su contraseña?',
    offTitle: '¿Olvidó su contraseña?',
    offText: 'La recuperación de contraseña por correo electrónico está desactivada. Pida ayuda a:',
    offDefault:
      'Pida a su administrador o al equipo de soporte que le envíe un código para restablecer la contraseña.',
    haveCode: 'Ya tengo un código',
    back: 'Volver al inicio de sesión',
    requestTitle: 'Restablecer la contraseña',
    requestIntro:
      'Escriba su nombre de usuario o su dirección de correo electrónico. Enviaremos un código de seis dígitos a la dirección de correo electrónico de la cuenta.',
    login: 'Nombre de usuario o correo electrónico',
    send: 'Enviar código',
    sent: 'Si existe una cuenta que coincida, enviamos un código a su dirección de correo electrónico.',
    codeTitle: 'Escriba el código para restablecer la contraseña',
    codeIntro:
      'El código del correo (el de soporte o el que usted pidió). Sirve durante 10 minutos y una sola vez.',
    code: 'Código de restablecimiento',
    checkCode: 'Continuar',
    sendAgain: 'Enviar un código nuevo',
    codeWrong:
      'El nombre de usuario o el código no son correctos, o el código ha caducado. Pida un código nuevo.',
    ended:
      'Este restablecimiento de contraseña ha terminado (el código caducó, ya se usó o hubo demasiados intentos fallidos). Pida un código nuevo.',
    secondTitle: 'Confirme que es usted',
    secondTotp:
      'Su cuenta usa la autenticación en dos pasos. Escriba el código de seis dígitos de su aplicación de autenticación.',
    secondSms: 'Su cuenta usa códigos por SMS. Envíe un código a su teléfono y escríbalo.',
    secondEmail:
      'Su cuenta recibe los códigos del segundo paso por correo electrónico, y un código del mismo buzón no puede confirmar un restablecimiento de contraseña. Escriba uno de sus códigos de respaldo.',
    sendSms: 'Enviar SMS',
    smsSent: 'Enviamos un código por SMS a {to}.',
    secondCode: 'Código',
    backupCode: 'Código de respaldo',
    useBackup: 'Usar un código de respaldo',
    useCode: 'Usar un código',
    verify: 'Verificar',
    lostFactor:
      '¿Perdió el teléfono y los códigos de respaldo? Pida a soporte que desactive la autenticación en dos pasos de su cuenta y después pida un código nuevo para restablecer la contraseña.',
    noBackupCodes: 'No le quedan códigos de respaldo.',
    passwordTitle: 'Elija una contraseña nueva',
    passwordIntro: 'Todas las sesiones de su cuenta finalizan cuando se guarda la contraseña nueva.',
    newPassword: 'Contraseña nueva',
    confirm: 'Confirme la contraseña nueva',
    save: 'Establecer la contraseña nueva',
    differ: 'Las dos contraseñas no coinciden.',
    missing: 'Rellene todos los campos.',
    done: 'Se cambió su contraseña y se finalizaron todas las sesiones de su cuenta. Inicie sesión con la contraseña nueva.',
    policy:
      'Entre {min} y {max} caracteres; que no sea una contraseña común ni filtrada; ninguna de sus últimas {history}.',
  },
};
