/** "Forgot your password?" on the sign-in screen (docs/product.md F1, F2). */
export const passwordResetMessages = {
  recovery: {
    link: 'Forgot your password?',
    offTitle: 'Forgot your password?',
    offText: 'Password recovery by email is switched off. Ask for help:',
    offDefault: 'Ask your administrator or support to send you a password reset code.',
    haveCode: 'I already have a reset code',
    back: 'Back to sign-in',
    requestTitle: 'Reset your password',
    requestIntro:
      'Enter your username or email address. We send a six-digit code to the email address of the account.',
    login: 'Username or email',
    send: 'Send code',
    sent: 'If an account matches, we sent a code to its email address.',
    codeTitle: 'Enter the reset code',
    codeIntro:
      'The code from the email (from support or the one you asked for). It works for 10 minutes, once.',
    code: 'Reset code',
    checkCode: 'Continue',
    sendAgain: 'Send a new code',
    codeWrong: 'The username or reset code is not correct, or the code has expired. Ask for a new code.',
    ended:
      'This password reset has ended (the code expired, was used, or had too many wrong tries). Ask for a new code.',
    secondTitle: 'Confirm it is you',
    secondTotp:
      'Your account uses two-factor authentication. Enter the six-digit code from your authenticator app.',
    secondSms: 'Your account uses SMS codes. Send a code to your phone and enter it.',
    secondEmail:
      'Your account sends its second-step codes by email, and a code from the same inbox cannot confirm a password reset. Enter one of your backup codes.',
    sendSms: 'Send SMS',
    smsSent: 'We texted a code to {to}.',
    secondCode: 'Code',
    backupCode: 'Backup code',
    useBackup: 'Use a backup code instead',
    useCode: 'Use a code instead',
    verify: 'Verify',
    lostFactor:
      'Lost your phone and your backup codes? Ask support to turn off two-factor authentication for your account; then ask for a new reset code.',
    noBackupCodes: 'You have no backup codes left.',
    passwordTitle: 'Choose a new password',
    passwordIntro: 'Every session of your account ends when the new password is saved.',
    newPassword: 'New password',
    confirm: 'Confirm new password',
    save: 'Set new password',
    differ: 'The two passwords are not the same.',
    missing: 'Fill in every field.',
    done: 'Your password was changed and every session of your account was ended. Sign in with the new password.',
    policy:
      'At least {min} and at most {max} characters; not a common or breached password; none of your last {history}.',
  },
};
