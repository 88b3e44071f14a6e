import { z } from 'zod';
import { channel } from '../channel';
import * as s from '../schemas';
import { LANGUAGES, type Language } from '../../domain/language';

/** The password policy as the change-password form shows it. */
export interface PasswordPolicyView {
  minLength: number;
  maxLength: number;
  historyCount: number;
  maxAgeDays: number;
  /** Organisation and product words a password may not lean on. */
  contextWords: string[];
}

/** The caller's own authorization settings (docs/product.md F2, F6). */
export interface AccountOverview {
  username: string;
  email: string;
  /** An address waiting for its confirmation code, if a change was started. */
  pendingEmail: string | null;
  canChangePassword: boolean;
  passwordChangedAt: string | null;
  /** When the policy's maximum age makes the password expire; null when it never does. */
  passwordExpiresAt: string | null;
  policy: PasswordPolicyView;
  notifyBlocking: boolean;
  blockingDate: string | null;
  /** The account's E-mail notifications service; null when it cannot be read. */
  emailServiceOn: boolean | null;
}

/** Own account: email, password, notices (docs/product.md F2, F6). */
export const accountContract = {
  'account:overview': channel<AccountOverview>()({
    input: s.empty,
    access: 'self',
    allowWhilePasswordChangeRequired: true,
  }),
  'account:changePassword': channel<{ endedSessions: number }>()({
    access: 'self',
    allowWhilePasswordChangeRequired: true,
    input: z.strictObject({ currentPassword: s.password, newPassword: s.password }),
  }),
  'account:requestEmailChange': channel<{ pendingEmail: string; expiresAt: string }>()({
    access: 'self',
    input: z.strictObject({ email: s.email }),
  }),
  'account:confirmEmailChange': channel<{ email: string }>()({
    access: 'self',
    input: z.strictObject({
      code: z
        .string()
        .trim()
        .regex(/^\d{6}$/, 'Enter the 6-digit code'),
    }),
  }),
  'account:cancelEmailChange': channel<null>()({ input: s.empty, access: 'self' }),
  'account:setNotifyBlocking': channel<null>()({
    access: 'self',
    input: z.strictObject({ enabled: z.boolean() }),
  }),
  /** The caller's language for the console, emails and SMS (kept per user; auth:me returns it). */
  'account:setLanguage': channel<{ language: Language }>()({
    access: 'self',
    // The forced password change and the 2FA set-up screens should read in the chosen language too.
    allowWhilePasswordChangeRequired: true,
    input: z.strictObject({
      language: z.enum(LANGUAGES, { error: 'Choose English (en), Spanish (es) or Russian (ru).' }),
    }),
  }),
} as const;
