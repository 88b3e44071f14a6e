import { describe, expect, it } from 'vitest';
import { storedBytes } from '../../../../tests/support/raw-db';
import { auditCodes, windowCaller } from '../../../../tests/support/services';
import { servicesPerTest } from '../../../../tests/support/per-test';
import { MEMBER, OWNER, signedIn } from '../../../../tests/support/people';

describe('first run and sign-in', () => {
  const app = servicesPerTest();
  const { caller } = windowCaller('w');
  const client = caller.client;

  const codes = () => auditCodes(app);

  it('creates the owner once, signs them in, and audits both in order', async () => {
    const { auth } = app.container.services;
    expect(await auth.needsSetup()).toBe(true);
    const signed = await auth.createOwner(OWNER, client);
    expect(signed.user).toMatchObject({ username: 'olivia', role: 'owner' });
    expect(signed.user.permissions).toContain('services:manage');
    expect(signed.session).toMatchObject({
      current: true,
      location: 'Newmarket, United Kingdom',
      deviceType: 'Desktop',
    });
    expect(signed.session.browser).toMatch(/^Chrome/);
    expect(signed.session.os).toMatch(/^Linux/);
    expect(await auth.needsSetup()).toBe(false);
    await expect(
      auth.createOwner({ ...OWNER, username: 'other', email: 'o@example.com' }, client),
    ).rejects.toMatchObject({
      code: 'setup_already_done',
    });
    expect(codes()).toEqual(['setup:owner_created', 'user:logged_in']);
  });

  it('rejects a short owner password with the policy reason', async () => {
    await expect(
      app.container.services.auth.createOwner({ ...OWNER, password: 'short' }, client),
    ).rejects.toMatchObject({
      code: 'password_policy',
      details: { rule: 'min_length', min: 12 },
    });
  });

  it('signs in with username or email, case-insensitively', async () => {
    const { auth, users } = app.container.services;
    await auth.createOwner(OWNER, client);
    await users.create(MEMBER, null, client);
    expect(
      (await signedIn(auth.signIn({ login: 'MIKE', password: MEMBER.password }, client))).user.username,
    ).toBe('mike');
    expect(
      (await signedIn(auth.signIn({ login: 'Mike@Example.com', password: MEMBER.password }, client))).user
        .username,
    ).toBe('mike');
  });

  it('stores passwords only as argon2id (OWASP parameters) and never in plain text', async () => {
    const { auth, users } = app.container.services;
    await auth.createOwner(OWNER, client);
    await users.create(MEMBER, null, client);
    const hashes = app.container.database.sqlite.prepare('SELECT hash FROM credentials').all() as {
      hash: string;
    }[];
    expect(hashes).toHaveLength(2);
    for (const { hash } of hashes) expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    await app.close();
    const bytes = storedBytes(app.dbPath);
    for (const secret of [OWNER.password, MEMBER.password]) {
      expect(bytes.includes(Buffer.from(secret, 'utf8'))).toBe(false);
    }
    await app.reopen();
  });

  it('ends the session on sign-out and audits it', async () => {
    const { auth } = app.container.services;
    const signed = await auth.createOwner(OWNER, client);
    const row = await app.container.repositories.users.findByLogin('olivia');
    if (!row) throw new Error('owner missing');
    await auth.signOut(signed.session.id, row, client);
    expect(await app.container.services.sessions.resolve(signed.session.id)).toEqual({
      status: 'ended',
      reason: 'revoked',
    });
    expect(codes().at(-1)).toBe('user:logged_out');
  });

  it('keeps the audit log hash-chained and refuses edits at the storage level', async () => {
    const { auth } = app.container.services;
    await auth.createOwner(OWNER, client);
    await auth.signIn({ login: 'olivia', password: 'nope' }, client).catch(() => undefined);
    expect(await app.container.repositories.audit.verifyChain()).toEqual({ count: 3, brokenAt: null });
    expect(() =>
      app.container.database.sqlite.exec("UPDATE audit_events SET message = 'x' WHERE id = 2"),
    ).toThrow(/append-only/);
    expect(() => app.container.database.sqlite.exec('DELETE FROM audit_events')).toThrow(/append-only/);
  });
});
