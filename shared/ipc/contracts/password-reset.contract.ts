import { z } from 'zod';
import { channel } from '../channel';
import * as s from '../schemas';
import { backupCodeInput, type CodeSentTo, type TwoFactorMethod } from './two-factor.contract';

/** Whether "Forgot your password?" is offered, and who to contact when it is not. */
export interface ResetStatus {
  selfService: boolean;
  /** The administrators' text on who to contact (may be empty). */
  contact: string;
}

/** The one answer to every request, whether or not an account matches (same bytes every time). */
export interface ResetRequested {
  status: 'requested';
  codeMinutes: number;
}

/** What the person must pass after the emailed code, when 2FA is on. */
export interface ResetSecondFactor {
  method: TwoFactorMethod;
  /**
   * False for the email method: the inbox that received the reset code must not also pass the
   * second factor, so only a backup code (or support) helps.
   */
  codeAllowed: boolean;
  hasBackupCodes: boolean;
}

/** After a right reset code: the second factor still needed (null: none) and the policy. */
export interface ResetCodeAccepted {
  secondFactor: ResetSecondFactor | null;
  /** The account name and address, for the strength meter's "don't use your name" check. */
  username: string;
  email: string;
  policy: { minLength: number; maxLength: number; historyCount: number; contextWords: string[] };
  expiresAt: string;
}

const login = z.string().trim().min(1).max(254);

/**
 * "Forgot your password?" (docs/product.md F1, F2): request a code by email, enter it, pass the
 * second factor when 2FA is on, then set a new password. Support-sent codes use the same steps.
 * The steps are held in main, bound to the calling window.
 */
export const passwordResetContract = {
  'passwordReset:status': channel<ResetStatus>()({ input: s.empty, access: 'public' }),
  'passwordReset:request': channel<ResetRequested>()({
    access: 'public',
    input: z.strictObject({ login }),
  }),
  'passwordReset:verifyCode': channel<ResetCodeAccepted>()({
    access: 'public',
    input: z.strictObject({ login, code: z.string().trim().min(4).max(32) }),
  }),
  /** Sends the SMS code of an SMS-method account (never falls back to email). */
  'passwordReset:sendSms': channel<CodeSentTo>()({ input: s.empty, access: 'public' }),
  'passwordReset:verifySecondFactor': channel<null>()({
    access: 'public',
    input: z.union([
      z.strictObject({ kind: z.literal('code'), code: z.string().trim().min(1).max(16) }),
      z.strictObject({ kind: z.literal('backup'), code: backupCodeInput }),
    ]),
  }),
  'passwordReset:complete': channel<null>()({
    access: 'public',
    input: z.strictObject({ newPassword: s.password }),
  }),
  'passwordReset:cancel': channel<null>()({ input: s.empty, access: 'public' }),
} as const;
