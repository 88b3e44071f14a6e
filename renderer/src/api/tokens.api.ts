import type { ChannelInput } from '@shared/ipc/contract';
import { call } from './client';

/** Input of `tokens:create`. */
export type CreateTokenInput = ChannelInput<'tokens:create'>;

/** API tokens. */
export const tokensApi = {
  listMine: () => call((api) => api.tokens.listMine()),
  create: (input: CreateTokenInput) => call((api) => api.tokens.create(input)),
  revoke: (id: number) => call((api) => api.tokens.revoke({ id })),
  listAll: (user?: string) => call((api) => api.tokens.listAll(user ? { user } : {})),
  revokeAny: (id: number) => call((api) => api.tokens.revokeAny({ id })),
};
