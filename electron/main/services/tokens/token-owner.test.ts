import { describe, expect, it } from 'vitest';
import { seededServicesPerTest } from '../../../../tests/support/per-test';
import { signInWindow } from '../../../../tests/support/admin-fixtures';
import type { CreatedApiToken } from '../../../../shared/ipc/contracts/tokens.contract';

/**
 * Issue 12, item 4: an API token follows its owner. It acts with the lower of its own role and
 * the owner's current role; it stops working while the owner is blocked; and nobody creates one
 * before setting up the second factor their role requires.
 */
describe('API tokens follow their owner', () => {
  const { app, id } = seededServicesPerTest([
    { username: 'olivia', role: 'owner' },
    { username: 'adam', role: 'admin' },
    { username: 'mike', role: 'support' },
  ]);
  const adam = () => id('adam');
  const mike = () => id('mike');
  const sqlite = () => app.container.database.sqlite;
  const verify = (secret: string) => app.container.services.tokens.verify(secret);
  const created = (r: Awaited<ReturnType<Awaited<ReturnType<typeof signInWindow>>['call']>>) => {
    if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
    return r.value as CreatedApiToken;
  };

  it("a demoted owner's admin token verifies as the lower role, and follows them back up", async () => {
    const owner = await signInWindow(app, 'olivia', 'olivia');
    const admin = await signInWindow(app, 'adam', 'adam');
    const asAdmin = created(await admin.call('tokens:create', { name: 'deploy', months: 1, role: 'admin' }));
    const asMember = created(await admin.call('tokens:create', { name: 'read', months: 1, role: 'member' }));
    expect(await verify(asAdmin.secret)).toMatchObject({
      status: 'valid',
      role: 'admin',
      tokenRole: 'admin',
    });

    expect(await owner.call('users:update', { id: adam(), role: 'support' })).toMatchObject({ ok: true });
    expect(await verify(asAdmin.secret)).toEqual({
      status: 'valid',
      owner: 'adam',
      role: 'support',
      tokenRole: 'admin',
      expiresAt: asAdmin.token.expiresAt,
    });
    // A token made below the new role keeps its own, lower role.
    expect(await verify(asMember.secret)).toMatchObject({ role: 'member', tokenRole: 'member' });

    expect(await owner.call('users:update', { id: adam(), role: 'member' })).toMatchObject({ ok: true });
    expect(await verify(asAdmin.secret)).toMatchObject({ status: 'valid', role: 'member' });
    expect(await owner.call('users:update', { id: adam(), role: 'admin' })).toMatchObject({ ok: true });
    expect(await verify(asAdmin.secret)).toMatchObject({ status: 'valid', role: 'admin' });
  });

  it("a blocked owner's token is invalid (also past the blocking date); a locked owner's still works", async () => {
    const owner = await signInWindow(app, 'olivia', 'olivia');
    const support = await signInWindow(app, 'mike', 'mike');
    const { secret } = created(
      await support.call('tokens:create', { name: 'ci', months: 3, role: 'support' }),
    );
    expect(await owner.call('users:block', { userIds: [mike()] })).toMatchObject({ ok: true });
    expect(await verify(secret)).toEqual({ status: 'invalid' });
    // Invalid means unused: a refused check does not record a use.
    expect(sqlite().prepare('SELECT last_used_at FROM api_tokens').get()).toEqual({ last_used_at: null });
    expect(await owner.call('users:unblock', { userIds: [mike()] })).toMatchObject({ ok: true });
    expect(await verify(secret)).toMatchObject({ status: 'valid', role: 'support' });

    // The blocking date passes before the background job has blocked the account: already invalid.
    expect(
      await owner.call('users:update', { id: mike(), blockingDate: '2026-03-05T00:00:00.000Z' }),
    ).toMatchObject({ ok: true });
    expect((await verify(secret)).status).toBe('valid');
    app.clock.set('2026-03-05T00:00:00Z');
    expect(await verify(secret)).toEqual({ status: 'invalid' });

    // A password lockout is not a block: the token is a separate credential (see verify()).
    sqlite()
      .prepare('UPDATE users SET blocking_date = NULL, locked_until = ?, failed_attempts = 5 WHERE id = ?')
      .run('2026-03-05T01:00:00.000Z', mike());
    expect(await verify(secret)).toMatchObject({ status: 'valid', role: 'support' });
    // A deleted owner takes their tokens with them.
    sqlite().prepare('DELETE FROM users WHERE id = ?').run(mike());
    expect(await verify(secret)).toEqual({ status: 'invalid' });
  });

  it('refuses to create a token until the 2FA the role requires is set up, and pauses older tokens', async () => {
    const owner = await signInWindow(app, 'olivia', 'olivia');
    const support = await signInWindow(app, 'mike', 'mike');
    const before = created(await support.call('tokens:create', { name: 'old', months: 1, role: 'member' }));
    const auth = await owner.call('settings:getAuth');
    if (!auth.ok) throw new Error(auth.message);
    expect(
      await owner.call('settings:saveAuth', {
        ...(auth.value as object),
        twoFactorRequiredRoles: ['support'],
      }),
    ).toMatchObject({ ok: true });

    // A burst of 50 parallel creations: every one refused, none stored.
    const burst = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        support.call('tokens:create', { name: `burst ${i}`, months: 1, role: 'member' }),
      ),
    );
    const refused = burst.filter((r) => !r.ok && r.code === 'two_factor_required').length;
    const stored = sqlite().prepare('SELECT count(*) AS n FROM api_tokens WHERE user_id = ?').get(mike());
    console.log(
      `token creation before required 2FA: ${burst.length} calls, ${refused} refused, stored ${JSON.stringify(stored)}`,
    );
    expect(refused).toBe(50);
    expect(burst[0]).toMatchObject({
      message:
        'Your role (support) requires two-factor authentication. Turn it on on My security, then create the token.',
    });
    expect(stored).toEqual({ n: 1 });
    // The token made before the rule waits for the second factor like its owner does.
    expect(await verify(before.secret)).toEqual({ status: 'invalid' });
    // The owner's role is not in the list: unaffected.
    expect(await owner.call('tokens:create', { name: 'owner', months: 1, role: 'owner' })).toMatchObject({
      ok: true,
    });

    sqlite()
      .prepare(
        "INSERT INTO two_factor (user_id, method, enabled_at) VALUES (?, 'email', '2026-03-02T09:00:00Z')",
      )
      .run(mike());
    sqlite().prepare("UPDATE users SET two_factor_method = 'email' WHERE id = ?").run(mike());
    expect(await verify(before.secret)).toMatchObject({ status: 'valid', role: 'member' });
    expect(
      await support.call('tokens:create', { name: 'after 2FA', months: 1, role: 'support' }),
    ).toMatchObject({ ok: true });
  });
});
