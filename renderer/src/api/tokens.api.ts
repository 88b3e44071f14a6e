import type { ChannelInput } from '@shared/ipc/contract';
import { call } from './client';

/** Input of `tokens:create`. */
export type CreateTokenInput = ChannelInput<'tokens:create'>;

/** API tokens. */
export const tokensApi = {
  listMine: () => call((api) => api.tokens.listMine()),
  create: (input: CreateTokenInput) => call((api) => api.tokens.create(input)),
  revoke: (id: number) => call((api) => api.tokens.revoke({ id })),
  /** One page of everybody's tokens (administrators), optionally only owners whose name contains `user`. */
  listAll: (user?: string, page?: { page: number; pageSize: number }) =>
    call((api) => api.tokens.listAll({ ...(user ? { user } : {}), ...page })),
  revokeAny: (id: number) => call((api) => api.tokens.revokeAny({ id })),
};
