import { describe, expect, it } from 'vitest';
import { seededServicesPerTest } from './support/per-test';
import { signInWindow } from './support/admin-fixtures';

/**
 * Issue 17, item 1: refusals that main explains in English also carry a machine-readable
 * `details.rule` (and the role it is about), so the renderer can say it in Spanish or Russian.
 * Each rule is reached through the real IPC pipeline; the English message stays as it was.
 */
describe('service refusals carry a rule code', () => {
  const { app, id } = seededServicesPerTest([
    { username: 'olivia', role: 'owner' },
    { username: 'adam', role: 'admin' },
    { username: 'ada', role: 'admin' },
    { username: 'sue', role: 'support' },
    { username: 'lucy', role: 'member' },
  ]);

  it('recovery refusals: recover_self, recover_owner, recover_peer, above_role (with targetRole and action)', async () => {
    const adam = await signInWindow(app, 'adam', 'adam');
    const sue = await signInWindow(app, 'sue', 'sue');
    const self = await adam.call('users:update', { id: id('adam'), role: 'member' });
    expect(self).toMatchObject({
      ok: false,
      code: 'permission_denied',
      details: { rule: 'recover_self', action: 'role' },
    });
    const owner = await adam.call('users:sendPasswordReset', { userIds: [id('olivia')] });
    expect(owner).toMatchObject({
      code: 'permission_denied',
      details: { rule: 'recover_owner', targetRole: 'owner', action: 'reset' },
    });
    const peer = await adam.call('users:update', { id: id('ada'), email: 'ada.stolen@evil.example' });
    expect(peer).toMatchObject({
      code: 'permission_denied',
      details: { rule: 'recover_peer', targetRole: 'admin', action: 'email' },
    });
    expect(!peer.ok && peer.message).toBe(
      'Only the owner can change the email address of an administrator (ada). Ask them to do it.',
    );
    const above = await sue.call('users:sendPasswordReset', { userIds: [id('adam')] });
    expect(above).toMatchObject({
      code: 'permission_denied',
      details: { rule: 'above_role', targetRole: 'admin' },
    });
  });

  it('touching a higher role is above_role; blocking yourself is block_self', async () => {
    const adam = await signInWindow(app, 'adam', 'adam');
    const olivia = await signInWindow(app, 'olivia', 'olivia');
    expect(await adam.call('users:block', { userIds: [id('olivia')] })).toMatchObject({
      code: 'permission_denied',
      details: { rule: 'above_role', targetRole: 'owner' },
    });
    expect(await olivia.call('users:block', { userIds: [id('olivia')] })).toMatchObject({
      code: 'conflict',
      details: { rule: 'block_self' },
    });
  });

  it('giving a role above your own is role_above_own (users and tokens)', async () => {
    const adam = await signInWindow(app, 'adam', 'adam');
    const sue = await signInWindow(app, 'sue', 'sue');
    expect(await adam.call('users:update', { id: id('lucy'), role: 'owner' })).toMatchObject({
      code: 'permission_denied',
      details: { rule: 'role_above_own', role: 'owner' },
    });
    const token = await sue.call('tokens:create', { name: 'ci', months: 3, role: 'admin' });
    expect(token).toMatchObject({
      code: 'permission_denied',
      details: { rule: 'role_above_own', role: 'admin' },
    });
    expect(!token.ok && token.message).toBe('A token cannot have a role above yours (support).');
  });

  it('ending the session you use is current_session', async () => {
    const lucy = await signInWindow(app, 'lucy', 'lucy');
    const mine = await lucy.call('sessions:listMine');
    if (!mine.ok) throw new Error(mine.message);
    const current =
      (mine.value as { id: string; current?: boolean }[]).find((s) => s.current) ??
      (mine.value as { id: string }[])[0];
    expect(await lucy.call('sessions:revoke', { sessionId: current?.id })).toMatchObject({
      code: 'invalid_input',
      details: { rule: 'current_session' },
    });
  });
  it('tokens: already_revoked and token_role_above; turning off 2FA that is off is two_factor_off', async () => {
    const olivia = await signInWindow(app, 'olivia', 'olivia');
    const adam = await signInWindow(app, 'adam', 'adam');
    const made = await olivia.call('tokens:create', { name: 'ci', months: 1, role: 'owner' });
    if (!made.ok) throw new Error(made.message);
    const tokenId = (made.value as { token: { id: number } }).token.id;
    expect(await adam.call('tokens:revokeAny', { id: tokenId })).toMatchObject({
      code: 'permission_denied',
      details: { rule: 'token_role_above', role: 'owner' },
    });
    expect(await olivia.call('tokens:revoke', { id: tokenId })).toMatchObject({ ok: true });
    expect(await olivia.call('tokens:revoke', { id: tokenId })).toMatchObject({
      code: 'conflict',
      details: { rule: 'already_revoked' },
    });
    expect(
      await adam.call('users:disableTwoFactor', { userId: id('lucy'), reason: 'lost phone' }),
    ).toMatchObject({
      code: 'conflict',
      details: { rule: 'two_factor_off' },
    });
  });
});
