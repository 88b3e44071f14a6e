import type { LinkedRegion } from '@shared/ipc/contracts/linked-token.contract';
import { call } from './client';

/** The owner's linked service (flespi) token. */
export const linkedTokenApi = {
  get: () => call((api) => api.linkedToken.get()),
  login: (region: LinkedRegion) => call((api) => api.linkedToken.login({ region })),
  check: () => call((api) => api.linkedToken.check()),
  save: (token: string, region: LinkedRegion) => call((api) => api.linkedToken.save({ token, region })),
};
