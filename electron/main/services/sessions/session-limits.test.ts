import type { SignedIn, SignInResult } from '../../../../shared/ipc/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeDir, startServices, windowCaller, type TestApp } from '../../../../tests/support/services';

const OWNER = {
  username: 'olivia',
  displayName: 'Olivia Owner',
  email: 'olivia@example.com',
  password: 'correct horse battery staple',
};

/** The signed-in answer of a sign-in without 2FA. */
async function full(p: Promise<SignInResult>): Promise<SignedIn> {
  const r = await p;
  if (r.status !== 'signed_in') throw new Error('A second step was asked for.');
  return r;
}

describe('session limits', () => {
  let app: TestApp;
  const { caller } = windowCaller('w');
  beforeEach(async () => {
    app = await startServices();
  });
  afterEach(async () => {
    await app.close();
    removeDir(app.dir);
  });

  it('expires after the idle timeout, and after the absolute lifetime despite activity', async () => {
    const { auth, sessions } = app.container.services;
    const first = await auth.createOwner(OWNER, caller.client);
    app.clock.advance(29 * 60_000);
    expect((await sessions.resolve(first.session.id)).status).toBe('active');
    app.clock.advance(30 * 60_000 + 1);
    expect(await sessions.resolve(first.session.id)).toEqual({ status: 'ended', reason: 'expired' });

    const second = await full(auth.signIn({ login: 'olivia', password: OWNER.password }, caller.client));
    for (let i = 0; i < 12 * 4; i++) {
      app.clock.advance(15 * 60_000);
      const r = await sessions.resolve(second.session.id);
      if (r.status === 'ended') {
        expect(r.reason).toBe('expired');
        expect(i).toBe(12 * 4 - 1);
        return;
      }
    }
    throw new Error('the session outlived its 12 hour lifetime');
  });
});
