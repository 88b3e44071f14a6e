import type { ChannelInput } from '@shared/ipc/contract';
import { call } from './client';

/** Input of `setup:createOwner`. */
export type CreateOwnerInput = ChannelInput<'setup:createOwner'>;

/** First-run setup: is an owner needed, and create it. */
export const setupApi = {
  /** Whether the database is empty and the owner account must be created. */
  status: () => call((api) => api.setup.status()),
  /** Creates the owner account and signs it in. */
  createOwner: (input: CreateOwnerInput) => call((api) => api.setup.createOwner(input)),
};
