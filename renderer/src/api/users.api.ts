import type { ChannelInput } from '@shared/ipc/contract';
import { call } from './client';

/** Query of `users:list` (filters, sort, page). */
export type UsersQuery = ChannelInput<'users:list'>;
/** Input of `users:create`. */
export type CreateUserInput = ChannelInput<'users:create'>;

/** The users directory. */
export const usersApi = {
  /** One page of users, filtered and sorted in main. */
  list: (query: UsersQuery) => call((api) => api.users.list(query)),
  /** Creates a user. */
  create: (input: CreateUserInput) => call((api) => api.users.create(input)),
};
