import { z } from 'zod';
import { channel } from '../channel';
import * as s from '../schemas';

/** A second-factor method (docs/product.md F3). */
export type TwoFactorMethod = 'totp' | 'email' | 'sms';

/** Where a one-time code went; `fallback` when an SMS could not be sent and email was used. */
export interface CodeSentTo {
  channel: 'email' | 'sms';
  maskedTo: string;
  fallback: boolean;
  /** Seconds before "Send again" may be used. */
  resendAfterSeconds: number;
}

/** The own page's view of two-factor authentication. */
export interface TwoFactorStatus {
  method: TwoFactorMethod | null;
  /** Masked destination of the email/SMS method. */
  destination: string | null;
  backupCodesLeft: number;
  /** The account's email, masked, for the email method. */
  email: string;
  canSendSms: boolean;
}

/** What the "Authenticator app" setup shows: QR code and the manual-entry details. */
export interface TotpSetup {
  qrDataUrl: string;
  accountName: string;
  /** The key in groups of four, for "Can't scan the QR code?". */
  key: string;
}

/** A six-digit code as typed (spaces allowed). */
const code = z
  .string()
  .trim()
  .transform((v) => v.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'Enter the six-digit code'));

/** A backup code as typed (dashes and spaces allowed). */
export const backupCodeInput = z.string().trim().min(8).max(32);

/** Two-factor authentication on the own security page, and support's "disable" action. */
export const twoFactorContract = {
  'twoFactor:status': channel<TwoFactorStatus>()({ input: s.empty, access: 'self' }),
  'twoFactor:startTotp': channel<TotpSetup>()({ input: s.empty, access: 'self' }),
  'twoFactor:sendCode': channel<CodeSentTo>()({
    access: 'self',
    input: z.strictObject({
      method: z.enum(['email', 'sms']),
      phone: z.string().trim().max(32).optional(),
    }),
  }),
  /** Where the latest code went now: an SMS refused by the gateway falls back to email later. */
  'twoFactor:codeStatus': channel<CodeSentTo | null>()({
    access: 'self',
    activity: 'background',
    input: z.strictObject({ purpose: z.enum(['enable_2fa', 'regenerate_backup_codes', 'disable_2fa']) }),
  }),
  'twoFactor:confirm': channel<{ backupCodes: string[] }>()({
    access: 'self',
    input: z.strictObject({ code }),
  }),
  'twoFactor:sendConfirmationCode': channel<CodeSentTo>()({
    access: 'self',
    input: z.strictObject({ purpose: z.enum(['regenerate_backup_codes', 'disable_2fa']) }),
  }),
  'twoFactor:regenerateBackupCodes': channel<{ backupCodes: string[] }>()({
    access: 'self',
    input: z.strictObject({ code }),
  }),
  'twoFactor:disable': channel<null>()({
    access: 'self',
    input: z.union([z.strictObject({ code }), z.strictObject({ password: s.password })]),
  }),
} as const;
