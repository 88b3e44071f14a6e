import type { ChannelInput } from '@shared/ipc/contract';
import { call } from './client';

/** Input of `passwordReset:complete`. */
export type CompleteResetInput = ChannelInput<'passwordReset:complete'>;

/** The user's side of a password reset (signed out). */
export const passwordResetApi = {
  /** Sets a new password with the emailed reset code. */
  complete: (input: CompleteResetInput) => call((api) => api.passwordReset.complete(input)),
};
