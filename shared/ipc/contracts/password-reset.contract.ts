import { z } from 'zod';
import { channel } from '../channel';
import * as s from '../schemas';

/** The user's side of a password reset: username, the emailed code, a new password. */
export const passwordResetContract = {
  'passwordReset:complete': channel<null>()({
    access: 'public',
    input: z.strictObject({
      login: z.string().trim().min(1).max(254),
      code: z.string().trim().min(4).max(32),
      newPassword: s.password,
    }),
  }),
} as const;
