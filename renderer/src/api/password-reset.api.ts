import { call } from './client';

/** "Forgot your password?" (and support-sent codes): every step after the request is held in main for this window. */
export const passwordResetApi = {
  /** Whether self-service recovery is on, and who to contact when it is off. */
  status: () => call((api) => api.passwordReset.status()),
  /** Asks for a reset code; the answer is the same whether or not an account matches. */
  request: (login: string) => call((api) => api.passwordReset.request({ login })),
  /** Checks the emailed (or support-sent) code; says which second factor is still needed. */
  verifyCode: (login: string, code: string) => call((api) => api.passwordReset.verifyCode({ login, code })),
  /** Texts the second-factor code to an SMS-method account. */
  sendSms: () => call((api) => api.passwordReset.sendSms()),
  /** The authenticator/SMS code or a backup code. */
  verifySecondFactor: (kind: 'code' | 'backup', code: string) =>
    call((api) => api.passwordReset.verifySecondFactor({ kind, code })),
  /** Sets the new password once every step passed. */
  complete: (newPassword: string) => call((api) => api.passwordReset.complete({ newPassword })),
  /** Forgets this window's reset step. */
  cancel: () => call((api) => api.passwordReset.cancel()),
};
