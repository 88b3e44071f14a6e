import type { ChannelInput } from '@shared/ipc/contract';
import { call } from './client';

/** Input of `account:changePassword`. */
export type ChangePasswordInput = ChannelInput<'account:changePassword'>;

/** The caller's own authorization settings. */
export const accountApi = {
  overview: () => call((api) => api.account.overview()),
  changePassword: (input: ChangePasswordInput) => call((api) => api.account.changePassword(input)),
  requestEmailChange: (email: string) => call((api) => api.account.requestEmailChange({ email })),
  confirmEmailChange: (code: string) => call((api) => api.account.confirmEmailChange({ code })),
  cancelEmailChange: () => call((api) => api.account.cancelEmailChange()),
  setNotifyBlocking: (enabled: boolean) => call((api) => api.account.setNotifyBlocking({ enabled })),
};
