import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storedBytes } from '../../../../tests/support/raw-db';
import { testEngine } from '../../../../tests/support/engine';
import { removeDir, snapshotDb, startServices, type TestApp } from '../../../../tests/support/services';
import { seedUsers, signInWindow, SEED_PASSWORD } from '../../../../tests/support/admin-fixtures';
import { openCode } from '../delivery/outbox-messenger';

describe('administration: users, support actions, password reset, settings', () => {
  let app: TestApp;
  let ids: number[];
  beforeEach(async () => {
    app = await startServices({});
    ids = await seedUsers(app, [
      { username: 'olivia', role: 'owner' },
      { username: 'adam', role: 'admin' },
      { username: 'sue', role: 'support' },
      {
        username: 'lucy',
        role: 'member',
        email: 'lucy@corp.example',
        displayName: 'Lucy Lockwood',
        lockedUntil: '2026-03-02T10:00:00Z',
      },
      { username: 'tom', role: 'member', twoFactorMethod: 'totp', phone: '+442079460958' },
      { username: 'bob', role: 'member', status: 'blocked' },
    ]);
  });
  afterEach(async () => {
    await app.close();
    removeDir(app.dir);
  });
  const id = (name: string) => ids[['olivia', 'adam', 'sue', 'lucy', 'tom', 'bob'].indexOf(name)] ?? 0;
  const audit = () =>
    app.container.database.sqlite
      .prepare('SELECT code, actor_name, subject_name, details FROM audit_events ORDER BY id')
      .all() as {
      code: string;
      actor_name: string | null;
      subject_name: string | null;
      details: string;
    }[];

  /** The reset code sealed in an outbox row, opened the way the delivery worker opens it. */
  const resetCode = (row: { id: number; secret: string; recipient: string }): string => {
    const opened = openCode(app.container.services.cipher, row);
    if (!opened.ok || opened.code === null) throw new Error('the reset code did not open');
    return opened.code;
  };

  it('lists with search (start of any word), filters, 2FA and live session counts', async () => {
    const sue = await signInWindow(app, 'sue', 'sue');
    const list = async (q: object) => {
      const r = await sue.call('users:list', q);
      if (!r.ok) throw new Error(r.message);
      return r.value as { items: { username: string; activeSessions?: number }[]; total: number };
    };
    expect((await list({ search: 'lockw' })).items.map((u) => u.username)).toEqual(['lucy']);
    expect((await list({ search: 'corp.exam' })).items.map((u) => u.username)).toEqual(['lucy']);
    expect((await list({ search: '+44 2079' })).items.map((u) => u.username)).toEqual(['tom']);
    // Inside a word: SQLite's search matches word starts only; PostgreSQL's trigram index (migration 010) finds substrings.
    expect((await list({ search: 'ckwood' })).items.map((u) => u.username)).toEqual(
      testEngine() === 'postgres' ? ['lucy'] : [],
    );
    expect((await list({ search: 'lu' })).items.map((u) => u.username)).toEqual(['lucy']);
    expect((await list({ status: 'locked' })).items.map((u) => u.username)).toEqual(['lucy']);
    expect((await list({ status: 'blocked' })).items.map((u) => u.username)).toEqual(['bob']);
    expect((await list({ twoFactor: 'on' })).items.map((u) => u.username)).toEqual(['tom']);
    expect((await list({ twoFactor: 'off', role: 'member' })).total).toBe(2);
    const page = await list({ pageSize: 2, page: 2, sort: 'username', direction: 'desc' });
    expect(page.items.map((u) => u.username)).toEqual(['olivia', 'lucy']);
    expect(page.total).toBe(6);
    expect(page).toMatchObject({ totalCapped: false });
    expect((await list({ search: 'sue' })).items[0]?.activeSessions).toBe(1);
  });

  it('unlocks a locked user, who can then sign in; audit names the operator', async () => {
    const sue = await signInWindow(app, 'sue', 'sue');
    expect(await sue.call('users:unlock', { userIds: [id('lucy')] })).toEqual({
      ok: true,
      value: { changed: [id('lucy')], skipped: [] },
    });
    await signInWindow(app, 'lucy', 'lucy', SEED_PASSWORD);
    expect(audit().find((e) => e.code === 'admin.user:unlocked')).toMatchObject({
      actor_name: 'sue',
      subject_name: 'lucy',
    });
  });

  it('blocks (ending sessions, pushing sign-in to their windows) and unblocks', async () => {
    const adam = await signInWindow(app, 'adam', 'adam');
    const lucy = await signInWindow(app, 'lucy2', 'tom');
    expect((await adam.call('users:block', { userIds: [id('tom')] })).ok).toBe(true);
    expect(lucy.pushed).toEqual([{ event: 'session:ended', payload: { reason: 'revoked' } }]);
    expect(await lucy.call('users:list', {})).toMatchObject({ ok: false });
    const again = await app.container.pipeline.dispatch(lucy.caller, 'auth:signIn', {
      login: 'tom',
      password: SEED_PASSWORD,
    });
    expect(again).toMatchObject({ ok: false, code: 'account_blocked' });
    expect(await adam.call('users:unblock', { userIds: [id('tom'), id('bob')] })).toMatchObject({
      ok: true,
      value: { changed: [id('tom'), id('bob')], skipped: [] },
    });
    expect(
      audit()
        .filter((e) => e.code === 'admin.user:unblocked')
        .map((e) => e.subject_name),
    ).toEqual(['tom', 'bob']);
  });

  it('refuses actions on more powerful users and role changes upward, writing nothing', async () => {
    const adam = await signInWindow(app, 'adam', 'adam');
    const sue = await signInWindow(app, 'sue', 'sue');
    const before = snapshotDb(app);
    expect(await adam.call('users:block', { userIds: [id('olivia')] })).toMatchObject({
      code: 'permission_denied',
    });
    expect(await adam.call('users:update', { id: id('olivia'), displayName: 'X' })).toMatchObject({
      code: 'permission_denied',
    });
    expect(await adam.call('users:update', { id: id('lucy'), role: 'owner' })).toMatchObject({
      code: 'permission_denied',
    });
    expect(await sue.call('users:unlock', { userIds: [id('lucy'), id('adam')] })).toMatchObject({
      code: 'permission_denied',
    });
    expect(snapshotDb(app)).toBe(before);
  });

  it('edits a user (email, phone, role down, rights, blocking date) with a before/after audit', async () => {
    const adam = await signInWindow(app, 'adam', 'adam');
    const r = await adam.call('users:update', {
      id: id('lucy'),
      email: 'lucy.new@corp.example',
      phone: '+44 20 7946 0000',
      role: 'support',
      canSendSms: true,
      blockingDate: '2026-04-01T00:00:00Z',
      notifyBlocking: true,
    });
    expect(r).toMatchObject({
      ok: true,
      value: { email: 'lucy.new@corp.example', phone: '+442079460000', role: 'support', canSendSms: true },
    });
    const e = audit().find((x) => x.code === 'admin.user:updated');
    expect(JSON.parse(e?.details ?? '{}')).toMatchObject({
      before: { role: 'member' },
      after: { role: 'support' },
    });
    // The old address is told, in the same transaction as the change.
    expect(
      app.container.database.sqlite.prepare('SELECT recipient, template, user_id FROM outbox').all(),
    ).toEqual([
      { recipient: 'lucy@corp.example', template: 'email_changed_by_operator', user_id: id('lucy') },
    ]);
    expect(await adam.call('users:update', { id: id('tom'), email: 'LUCY.NEW@corp.example' })).toMatchObject({
      code: 'conflict',
    });
    expect(await adam.call('users:update', { id: id('tom'), phone: '12345' })).toMatchObject({
      code: 'invalid_input',
    });
  });

  it('forces a password change at next sign-in and revokes all sessions', async () => {
    const adam = await signInWindow(app, 'adam', 'adam');
    const tom = await signInWindow(app, 'tom', 'tom');
    await signInWindow(app, 'tom-2', 'tom');
    expect(await adam.call('users:revokeSessions', { userIds: [id('tom')] })).toMatchObject({ ok: true });
    expect(tom.pushed.map((p) => p.event)).toEqual(['session:ended']);
    expect(JSON.parse(audit().find((e) => e.code === 'admin.sessions:revoked_all')?.details ?? '{}')).toEqual(
      { count: 2 },
    );
    expect(await adam.call('users:forcePasswordChange', { userIds: [id('tom')] })).toMatchObject({
      ok: true,
    });
    const again = await signInWindow(app, 'tom-3', 'tom');
    expect(await again.call('sessions:listMine')).toMatchObject({
      ok: false,
      code: 'password_change_required',
    });
  });

  it('sends a reset code by email (hash only at rest); the user sets a new password with it once', async () => {
    const sue = await signInWindow(app, 'sue', 'sue');
    const tomWindow = await signInWindow(app, 'tom', 'tom');
    expect(await sue.call('users:sendPasswordReset', { userIds: [id('tom')] })).toMatchObject({ ok: true });
    const row = app.container.database.sqlite
      .prepare("SELECT id, secret, recipient FROM outbox WHERE template = 'password_reset_code'")
      .get() as { id: number; secret: string; recipient: string };
    expect(row.recipient).toBe('tom@example.com');
    const code = resetCode(row);
    expect(storedBytes(app.dbPath).includes(Buffer.from(code))).toBe(false);
    // The same steps as "Forgot your password?": the code, then the new password.
    const anon = (channel: string, payload: object) =>
      app.container.pipeline.dispatch(tomWindow.caller, channel, payload);
    const newPassword = 'a brand new passphrase 77';
    const wrong = code === '000000' ? '111111' : '000000';
    expect(await anon('passwordReset:verifyCode', { login: 'tom', code: wrong })).toMatchObject({
      code: 'invalid_credentials',
    });
    expect(await anon('passwordReset:verifyCode', { login: 'tom', code })).toMatchObject({
      ok: true,
      value: { secondFactor: null },
    });
    expect(await anon('passwordReset:complete', { newPassword: SEED_PASSWORD })).toMatchObject({
      code: 'password_policy',
      details: { rule: 'reuse' },
    });
    expect(await anon('passwordReset:complete', { newPassword })).toEqual({ ok: true, value: null });
    expect(tomWindow.pushed.map((p) => p.event)).toContain('session:ended');
    expect(await anon('passwordReset:complete', { newPassword })).toMatchObject({ code: 'challenge_ended' });
    expect(await anon('passwordReset:verifyCode', { login: 'tom', code })).toMatchObject({
      code: 'invalid_credentials',
    });
    await signInWindow(app, 'tom-new', 'tom', newPassword);
    expect(audit().map((e) => e.code)).toEqual(
      expect.arrayContaining(['admin.user:password_reset_sent', 'user.password:changed']),
    );
  });

  it('a reset code stops working after 10 minutes', async () => {
    const sue = await signInWindow(app, 'sue', 'sue');
    await sue.call('users:sendPasswordReset', { userIds: [id('lucy')] });
    const row = app.container.database.sqlite
      .prepare("SELECT id, secret, recipient FROM outbox WHERE template = 'password_reset_code'")
      .get() as { id: number; secret: string; recipient: string };
    const code = resetCode(row);
    app.clock.advance(10 * 60_000 + 1000);
    const r = await app.container.services.resetFlow
      .verifyCode('lucy', code, 'wc:lucy')
      .catch((e: unknown) => e);
    expect(r).toMatchObject({ code: 'invalid_credentials' });
  });
});
