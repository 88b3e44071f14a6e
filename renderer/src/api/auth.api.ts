import type { ChannelInput } from '@shared/ipc/contract';
import { call } from './client';

/** Input of `auth:signIn`. */
export type SignInInput = ChannelInput<'auth:signIn'>;

/** Signing in and out, and who is signed in. */
export const authApi = {
  /** Signs in with username or email and password. */
  signIn: (input: SignInInput) => call((api) => api.auth.signIn(input)),
  /** Ends this window's session. */
  signOut: () => call((api) => api.auth.signOut()),
  /** The signed-in user, or null. */
  me: () => call((api) => api.auth.me()),
};
