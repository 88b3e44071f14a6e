import type { ChannelInput } from '@shared/ipc/contract';
import { call } from './client';

/** Input of `twoFactor:disable`: a current code or the password. */
export type DisableProof = ChannelInput<'twoFactor:disable'>;

/** Two-factor authentication: own page, the sign-in second step, and support's action. */
export const twoFactorApi = {
  /** The caller's method, destination and backup codes left. */
  status: () => call((api) => api.twoFactor.status()),
  /** A new authenticator secret: QR code, account name and key. */
  startTotp: () => call((api) => api.twoFactor.startTotp()),
  /** "Send email" / "Send SMS" while enabling. */
  sendCode: (method: 'email' | 'sms', phone?: string) =>
    call((api) => api.twoFactor.sendCode(phone === undefined ? { method } : { method, phone })),
  /** Where the latest own-page code went now (an SMS may have fallen back to email). */
  codeStatus: (purpose: 'enable_2fa' | 'regenerate_backup_codes' | 'disable_2fa') =>
    call((api) => api.twoFactor.codeStatus({ purpose })),
  /** Where this window's sign-in code went now. */
  signInCodeStatus: () => call((api) => api.auth.codeStatus()),
  /** Enables the method being set up; returns the backup codes (shown once). */
  confirm: (code: string) => call((api) => api.twoFactor.confirm({ code })),
  /** Sends a confirmation code (email/SMS methods) for regenerating codes or disabling. */
  sendConfirmationCode: (purpose: 'regenerate_backup_codes' | 'disable_2fa') =>
    call((api) => api.twoFactor.sendConfirmationCode({ purpose })),
  /** "Generate new codes" with a current confirmation code. */
  regenerateBackupCodes: (code: string) => call((api) => api.twoFactor.regenerateBackupCodes({ code })),
  /** Turns the caller's own 2FA off. */
  disable: (proof: DisableProof) => call((api) => api.twoFactor.disable(proof)),
  /** Support/admin: turns another user's 2FA off, with a reason. */
  disableForUser: (userId: number, reason: string) =>
    call((api) => api.users.disableTwoFactor({ userId, reason })),
  /** Sign-in second step: the six-digit code. */
  verifyCode: (code: string) => call((api) => api.auth.verifyCode({ code })),
  /** Sign-in second step: a backup code. */
  useBackupCode: (code: string) => call((api) => api.auth.useBackupCode({ code })),
  /** Sign-in second step: send the email/SMS code again. */
  resendCode: () => call((api) => api.auth.resendCode()),
  /** Leaves the second step. */
  cancelSecondStep: () => call((api) => api.auth.cancelSecondStep()),
};
