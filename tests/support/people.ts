import type { SignedIn, SignInResult } from '../../shared/ipc/contract';

/** The first-run owner most stories start with. */
export const OWNER = {
  username: 'olivia',
  displayName: 'Olivia Owner',
  email: 'olivia@example.com',
  password: 'correct horse battery staple',
};

/** A plain member the owner creates (the users:create shape plus a password). */
export const MEMBER = {
  username: 'mike',
  displayName: 'Mike Member',
  email: 'mike@example.com',
  phone: null,
  role: 'member' as const,
  canChangePassword: true,
  canSendSms: false,
  password: 'members only password',
};

/** The signed-in answer of a sign-in without 2FA (fails the test if a second step is asked for). */
export async function signedIn(p: Promise<SignInResult>): Promise<SignedIn> {
  const r = await p;
  if (r.status !== 'signed_in') throw new Error('A second step was asked for.');
  return r;
}
