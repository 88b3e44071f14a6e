import { z } from 'zod';
import type { CurrentUser } from '../../domain/user';
import type { SessionView } from '../../domain/session';
import { channel } from '../channel';
import * as s from '../schemas';
import { backupCodeInput, type CodeSentTo, type TwoFactorMethod } from './two-factor.contract';

/** Returned by setup and sign-in: who is signed in now, and in which session. */
export interface SignedIn {
  user: CurrentUser;
  session: SessionView;
}

/** After a correct password with 2FA on: which second step the user must complete. */
export interface SecondStepNeeded {
  status: 'second_step';
  method: TwoFactorMethod;
  /** Where the code was sent (email/SMS methods); null for the authenticator app. */
  sentTo: CodeSentTo | null;
  expiresAt: string;
}

/** `auth:signIn`: signed in now, or a second step is needed first. */
export type SignInResult = ({ status: 'signed_in' } & SignedIn) | SecondStepNeeded;

/** First run and sign-in (docs/product.md F1). */
export const authContract = {
  'auth:needsSetup': channel<{ needsSetup: boolean }>()({ input: s.empty, access: 'public' }),
  'auth:createOwner': channel<SignedIn>()({
    access: 'public',
    input: z.strictObject({
      username: s.username,
      displayName: s.displayName,
      email: s.email,
      password: s.password,
    }),
  }),
  'auth:signIn': channel<SignInResult>()({
    access: 'public',
    input: z.strictObject({ login: z.string().trim().min(1).max(254), password: s.password }),
  }),
  /** The second step: the six-digit code from the app, email or SMS. */
  'auth:verifyCode': channel<SignedIn>()({
    access: 'public',
    input: z.strictObject({ code: z.string().trim().min(1).max(16) }),
  }),
  'auth:useBackupCode': channel<SignedIn>()({
    access: 'public',
    input: z.strictObject({ code: backupCodeInput }),
  }),
  'auth:resendCode': channel<CodeSentTo>()({ input: s.empty, access: 'public' }),
  /** Polled while the second step waits for an SMS: not activity. */
  'auth:codeStatus': channel<CodeSentTo | null>()({
    input: s.empty,
    access: 'public',
    activity: 'background',
  }),
  'auth:cancelSecondStep': channel<null>()({ input: s.empty, access: 'public' }),
  'auth:signOut': channel<null>()({ input: s.empty, access: 'self', allowWhilePasswordChangeRequired: true }),
  'auth:me': channel<CurrentUser | null>()({ input: s.empty, access: 'public' }),
} as const;
