import type { ChannelInput } from '@shared/ipc/contract';
import { call } from './client';

/** Input of `settings:saveAuth`. */
export type AuthSettingsInput = ChannelInput<'settings:saveAuth'>;
/** Input of `settings:savePasswordPolicy`. */
export type PasswordPolicyInput = ChannelInput<'settings:savePasswordPolicy'>;

/** Authentication settings and the password policy. */
export const adminSettingsApi = {
  getAuth: () => call((api) => api.settings.getAuth()),
  saveAuth: (input: AuthSettingsInput) => call((api) => api.settings.saveAuth(input)),
  getPasswordPolicy: () => call((api) => api.settings.getPasswordPolicy()),
  savePasswordPolicy: (input: PasswordPolicyInput) => call((api) => api.settings.savePasswordPolicy(input)),
};
