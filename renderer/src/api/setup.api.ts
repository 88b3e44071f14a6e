import type { ChannelInput } from '@shared/ipc/contract';
import { call } from './client';

/** Input of `auth:createOwner`. */
export type CreateOwnerInput = ChannelInput<'auth:createOwner'>;

/** First-run setup (channels auth:needsSetup and auth:createOwner): is an owner needed, and create it. */
export const setupApi = {
  /** Whether the database is empty and the owner account must be created. */
  status: () => call((api) => api.auth.needsSetup()),
  /** Creates the owner account and signs it in. */
  createOwner: (input: CreateOwnerInput) => call((api) => api.auth.createOwner(input)),
};
