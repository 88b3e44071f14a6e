import { z } from 'zod';
import { ROLES } from '../../domain/roles';
import { channel } from '../channel';
import * as s from '../schemas';

/** Authentication settings as the settings page edits them (docs/product.md F1, F4). */
export interface AuthSettingsView {
  maxPasswordAttempts: number;
  lockoutMinutes: number;
  maxCodeAttempts: number;
  sessionIdleMinutes: number;
  sessionLifetimeHours: number;
  twoFactorRequiredRoles: (typeof ROLES)[number][];
  /** "Forgot your password?" offered on the sign-in screen. */
  selfServiceRecovery: boolean;
  /** Shown on the sign-in screen instead when self-service recovery is off. */
  recoveryContact: string;
}

/** The password policy (docs/product.md F2). */
export interface PasswordPolicyView {
  minLength: number;
  maxLength: number;
  historyCount: number;
  maxAgeDays: number;
  /** Organisation and product words a password may not lean on (lower case). */
  contextWords: string[];
}

const int = (min: number, max: number) => z.number().int().min(min).max(max);

/** Authentication and password policy settings (issue 5); delivery settings live elsewhere. */
export const settingsContract = {
  'settings:getAuth': channel<AuthSettingsView>()({ access: 'settings:manage', input: s.empty }),
  'settings:saveAuth': channel<AuthSettingsView>()({
    access: 'settings:manage',
    input: z.strictObject({
      maxPasswordAttempts: int(1, 100),
      lockoutMinutes: int(1, 24 * 60),
      maxCodeAttempts: int(1, 100),
      sessionIdleMinutes: int(1, 7 * 24 * 60),
      sessionLifetimeHours: int(1, 24 * 90),
      twoFactorRequiredRoles: z.array(s.role).max(ROLES.length),
      selfServiceRecovery: z.boolean().optional(),
      recoveryContact: z.string().trim().max(300).optional(),
    }),
  }),
  'settings:getPasswordPolicy': channel<PasswordPolicyView>()({ access: 'settings:manage', input: s.empty }),
  'settings:savePasswordPolicy': channel<PasswordPolicyView>()({
    access: 'settings:manage',
    input: z.strictObject({
      minLength: int(8, 128),
      maxLength: int(64, 1024),
      historyCount: int(0, 24),
      maxAgeDays: int(0, 3650),
      /** Absent keeps the current list. */
      contextWords: z
        .array(z.string().trim().min(3, 'A word has at least 3 characters').max(64))
        .max(200)
        .optional(),
    }),
  }),
} as const;
