import { describe, expect, it } from 'vitest';
import { windowCaller } from '../../../../tests/support/services';
import { servicesPerTest } from '../../../../tests/support/per-test';
import { OWNER, signedIn } from '../../../../tests/support/people';

describe('session limits', () => {
  const app = servicesPerTest();
  const { caller } = windowCaller('w');

  it('expires after the idle timeout, and after the absolute lifetime despite activity', async () => {
    const { auth, sessions } = app.container.services;
    const first = await auth.createOwner(OWNER, caller.client);
    app.clock.advance(29 * 60_000);
    expect((await sessions.resolve(first.session.id)).status).toBe('active');
    app.clock.advance(30 * 60_000 + 1);
    expect(await sessions.resolve(first.session.id)).toEqual({ status: 'ended', reason: 'expired' });

    const second = await signedIn(auth.signIn({ login: 'olivia', password: OWNER.password }, caller.client));
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
