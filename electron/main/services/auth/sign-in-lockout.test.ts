import { describe, expect, it, vi } from 'vitest';
import { PasswordHasher } from '../../security/password-hasher';
import { auditCodes, windowCaller } from '../../../../tests/support/services';
import { servicesPerTest } from '../../../../tests/support/per-test';
import { MEMBER, OWNER, signedIn } from '../../../../tests/support/people';

describe('sign-in lockout and unknown logins', () => {
  const app = servicesPerTest();
  const { caller } = windowCaller('w');
  const client = caller.client;

  const codes = () => auditCodes(app);

  it('locks after 5 wrong passwords for 15 minutes, then lets the right password in', async () => {
    const { auth, users } = app.container.services;
    await auth.createOwner(OWNER, client);
    await users.create(MEMBER, null, client);
    for (let i = 1; i <= 4; i++) {
      await expect(auth.signIn({ login: 'mike', password: `wrong ${i}` }, client)).rejects.toMatchObject({
        code: 'invalid_credentials',
      });
    }
    await expect(auth.signIn({ login: 'mike', password: 'wrong 5' }, client)).rejects.toMatchObject({
      code: 'account_locked',
      details: { minutes: 15 },
    });
    // Even the right password is refused while locked.
    await expect(auth.signIn({ login: 'mike', password: MEMBER.password }, client)).rejects.toMatchObject({
      code: 'account_locked',
    });
    const listed = await users.list({
      status: 'locked',
      sort: 'username',
      direction: 'asc',
      page: 1,
      pageSize: 10,
    });
    expect(listed.items.map((u) => u.username)).toEqual(['mike']);
    app.clock.advance(15 * 60_000 + 1);
    expect(
      (await signedIn(auth.signIn({ login: 'mike', password: MEMBER.password }, client))).user.username,
    ).toBe('mike');
    const c = codes();
    expect(c.filter((x) => x === 'user:login_failed')).toHaveLength(6);
    expect(c).toContain('user:locked');
    expect(c.at(-1)).toBe('user:logged_in');
  });

  it('keeps the count of wrong passwords and the lockout across a restart', async () => {
    await app.container.services.auth.createOwner(OWNER, client);
    await app.container.services.users.create(MEMBER, null, client);
    for (let i = 1; i <= 4; i++)
      await expect(
        app.container.services.auth.signIn({ login: 'mike', password: `wrong ${i}` }, client),
      ).rejects.toMatchObject({ code: 'invalid_credentials' });
    // Restart on the same file: the fifth wrong password still locks.
    await app.close();
    await app.reopen();
    await expect(
      app.container.services.auth.signIn({ login: 'mike', password: 'wrong 5' }, client),
    ).rejects.toMatchObject({ code: 'account_locked' });
    // And again: still locked, even with the right password, until the 15 minutes pass.
    await app.close();
    await app.reopen();
    await expect(
      app.container.services.auth.signIn({ login: 'mike', password: MEMBER.password }, client),
    ).rejects.toMatchObject({ code: 'account_locked' });
    app.clock.advance(15 * 60_000 + 1);
    expect(
      (
        await signedIn(
          app.container.services.auth.signIn({ login: 'mike', password: MEMBER.password }, client),
        )
      ).user.username,
    ).toBe('mike');
  });

  it('answers an unknown login exactly like a wrong password, lockout included', async () => {
    const { auth } = app.container.services;
    await auth.createOwner(OWNER, client);
    const attempts = [];
    for (let i = 0; i < 5; i++) {
      attempts.push(
        await auth.signIn({ login: 'nobody', password: 'whatever' }, client).catch((e: unknown) => e),
      );
    }
    expect(attempts.slice(0, 4).map((e) => (e as { code: string }).code)).toEqual(
      Array(4).fill('invalid_credentials'),
    );
    expect(attempts[4]).toMatchObject({ code: 'account_locked', details: { minutes: 15 } });
    const rows = app.container.database.sqlite
      .prepare("SELECT details FROM audit_events WHERE code = 'user:login_failed'")
      .all() as { details: string }[];
    expect(rows).toHaveLength(5);
    // The typed text is not kept: a keyed fingerprint correlates the tries (issue 12, item 7).
    const details = rows.map((r) => JSON.parse(r.details) as Record<string, unknown>);
    expect(Object.keys(details[0] ?? {}).sort()).toEqual(['loginHash', 'reason', 'step']);
    expect(details[0]).toMatchObject({ reason: 'unknown_user', step: 'password' });
    expect(details[0]?.loginHash).toMatch(/^[0-9a-f]{16}$/);
    expect(new Set(details.map((d) => d.loginHash)).size).toBe(1);
    await auth.signIn({ login: 'NOBODY', password: 'x' }, client).catch(() => undefined);
    await auth.signIn({ login: 'somebody-else', password: 'x' }, client).catch(() => undefined);
    const all = app.container.database.sqlite
      .prepare("SELECT details, message FROM audit_events WHERE code = 'user:login_failed'")
      .all() as { details: string; message: string }[];
    const hashes = all.map((r) => (JSON.parse(r.details) as { loginHash: string }).loginHash);
    expect(hashes[5]).toBe(hashes[0]); // the same login in another case
    expect(hashes[6]).not.toBe(hashes[0]);
    expect(JSON.stringify(all).toLowerCase()).not.toMatch(/nobody|somebody/);
  });

  it('keeps the count and lockout of an unknown login across a restart, as for a real one', async () => {
    await app.container.services.auth.createOwner(OWNER, client);
    const tryNobody = () =>
      app.container.services.auth.signIn({ login: 'nobody', password: 'whatever' }, client);
    for (let i = 0; i < 4; i++)
      await expect(tryNobody()).rejects.toMatchObject({ code: 'invalid_credentials' });
    await app.close();
    await app.reopen();
    await expect(tryNobody()).rejects.toMatchObject({ code: 'account_locked', details: { minutes: 15 } });
    app.clock.advance(15 * 60_000 + 1);
    await expect(tryNobody()).rejects.toMatchObject({ code: 'invalid_credentials' });
  });

  it('does one full argon2id verification for an unknown login, a wrong password and a locked account alike', async () => {
    // Equal work, so the answer time does not tell who exists (measured in `npm run bench -- auth-timing`).
    const { auth, users } = app.container.services;
    await auth.createOwner(OWNER, client);
    await users.create(MEMBER, null, client);
    const verify = vi.spyOn(PasswordHasher.prototype, 'verify');
    try {
      const work = async (login: string) => {
        verify.mockClear();
        const code = await auth.signIn({ login, password: 'not the password' }, client).then(
          () => 'signed_in',
          (e: unknown) => (e as { code: string }).code,
        );
        const hashes = verify.mock.calls.map(([hash]) => hash);
        return {
          code,
          verifications: verify.mock.calls.length,
          argon2id: hashes.every((h) => h.startsWith('$argon2id$v=19$m=19456,p=1,t=2$')),
        };
      };
      expect(await work('nobody')).toEqual({ code: 'invalid_credentials', verifications: 1, argon2id: true });
      expect(await work('mike')).toEqual({ code: 'invalid_credentials', verifications: 1, argon2id: true });
      for (let i = 0; i < 4; i++) await work('mike');
      expect(await work('mike')).toEqual({ code: 'account_locked', verifications: 1, argon2id: true });
    } finally {
      verify.mockRestore();
    }
  });
});
