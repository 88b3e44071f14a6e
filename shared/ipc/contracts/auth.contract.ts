import { z } from 'zod';
import type { CurrentUser } from '../../domain/user';
import type { SessionView } from '../../domain/session';
import { channel } from '../channel';
import * as s from '../schemas';

/** Returned by setup and sign-in: who is signed in now, and in which session. */
export interface SignedIn {
  user: CurrentUser;
  session: SessionView;
}

/** First run and sign-in (PRODUCT.md F1). */
export const authContract = {
  'setup:status': channel<{ needsSetup: boolean }>()({ input: s.empty, access: 'public' }),
  'setup:createOwner': channel<SignedIn>()({
    access: 'public',
    input: z.strictObject({
      username: s.username,
      displayName: s.displayName,
      email: s.email,
      password: s.password,
    }),
  }),
  'auth:signIn': channel<SignedIn>()({
    access: 'public',
    input: z.strictObject({ login: z.string().trim().min(1).max(254), password: s.password }),
  }),
  'auth:signOut': channel<null>()({ input: s.empty, access: 'self', allowWhilePasswordChangeRequired: true }),
  'auth:me': channel<CurrentUser | null>()({ input: s.empty, access: 'public' }),
} as const;
