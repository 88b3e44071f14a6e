import type { SignedIn, SignInResult } from '../../shared/ipc/contract';

/** The details a story creates someone with (email at example.com unless given). */
export function person(
  username: string,
  displayName: string,
  password: string,
  email = `${username}@example.com`,
) {
  return { username, displayName, email, password };
}

/** The first-run owner most stories start with. */
export const OWNER = person('olivia', 'Olivia Owner', 'correct horse battery staple');

/** The member most stories create (his details; MEMBER adds the rights users:create wants). */
export const MIKE = person('mike', 'Mike Member', 'members only password');

/** Mike as users:create takes him: a member without a phone who may change his password but not get SMS. */
export const MEMBER = {
  ...MIKE,
  phone: null,
  role: 'member' as const,
  canChangePassword: true,
  canSendSms: false,
};

/** The signed-in answer of a sign-in without 2FA (fails the test if a second step is asked for). */
export async function signedIn(p: Promise<SignInResult>): Promise<SignedIn> {
  const r = await p;
  if (r.status !== 'signed_in') throw new Error('A second step was asked for.');
  return r;
}
