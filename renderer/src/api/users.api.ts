import type { ChannelInput } from '@shared/ipc/contract';
import { call } from './client';

/** Query of `users:list` (filters, sort, page). */
export type UsersQuery = ChannelInput<'users:list'>;
/** Input of `users:create`. */
export type CreateUserInput = ChannelInput<'users:create'>;
/** Input of `users:update`. */
export type UpdateUserInput = ChannelInput<'users:update'>;
/** Support actions that work on one or many users. */
export type SupportAction =
  'unlock' | 'block' | 'unblock' | 'forcePasswordChange' | 'sendPasswordReset' | 'revokeSessions';

/** The users directory and the support actions on it. */
export const usersApi = {
  /** One page of users, filtered and sorted in main. */
  list: (query: UsersQuery) => call((api) => api.users.list(query)),
  /** One user. */
  get: (id: number) => call((api) => api.users.get({ id })),
  /** Creates a user. */
  create: (input: CreateUserInput) => call((api) => api.users.create(input)),
  /** Edits a user. */
  update: (input: UpdateUserInput) => call((api) => api.users.update(input)),
  /** Runs a support action on the given users. */
  act: (action: SupportAction, userIds: number[]) => call((api) => api.users[action]({ userIds })),
};
