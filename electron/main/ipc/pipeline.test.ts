import { describe, expect, it } from 'vitest';
import { snapshotDb, windowCaller } from '../../../tests/support/services';
import { servicesPerTest } from '../../../tests/support/per-test';
import { OWNER, person } from '../../../tests/support/people';

const MIKE = { ...person('mike', 'Mike Member', 'a long member password'), role: 'member' };

describe('IPC pipeline', () => {
  const app = servicesPerTest();

  const call = (key: string, channel: unknown, payload?: unknown, over = {}) =>
    app.container.pipeline.dispatch(windowCaller(key, over).caller, channel, payload);

  /** The owner, then one user created by them (keeping their password unless `default`). */
  const ownerAnd = async (user: object, mustChange: 'default' | false = false) => {
    await call('owner-window', 'auth:createOwner', OWNER);
    return call(
      'owner-window',
      'users:create',
      mustChange === 'default' ? user : { ...user, mustChangePassword: false },
    );
  };

  it('answers invalid_input for malformed payloads and writes nothing', async () => {
    const before = snapshotDb(app);
    const bad: unknown[] = [
      null,
      'olivia',
      { ...OWNER, email: 'not-an-email' },
      { ...OWNER, password: 42 },
      { ...OWNER, extra: true },
      { username: OWNER.username },
      JSON.parse('{"__proto__": {"polluted": true}}'),
      { ...OWNER, username: 'x'.repeat(100_000) },
    ];
    for (const payload of bad) {
      const r = await call('w1', 'auth:createOwner', payload);
      expect(r).toMatchObject({ ok: false, code: 'invalid_input' });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(snapshotDb(app)).toBe(before);
    // Each refusal is logged with the channel and the failing fields, never the values (ASVS 16.3.3).
    const refusals = app.logger.lines.filter((l) => l.message === 'IPC refused: invalid input');
    expect(refusals).toHaveLength(bad.length);
    expect(refusals[2]?.fields).toMatchObject({
      channel: 'auth:createOwner',
      issues: [{ code: 'invalid_format', path: 'email' }],
    });
    const logged = JSON.stringify(app.logger.lines);
    expect(logged).not.toContain(OWNER.password);
    expect(logged).not.toContain('not-an-email');
    expect(logged).not.toContain('x'.repeat(33));
  });

  it('names the field and the reason in invalid_input', async () => {
    const r = await call('w1', 'auth:createOwner', { ...OWNER, email: 'nope' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^email: Enter a valid email address/);
  });

  it('logs calls to channels the contract does not have', async () => {
    expect(await call('w1', 'users:dropAll', {})).toMatchObject({ code: 'unknown_channel' });
    expect(await call('w1', { toString: () => 'x' }, {})).toMatchObject({ code: 'unknown_channel' });
    const warned = app.logger.lines.filter((l) => l.message === 'IPC refused: unknown channel');
    expect(warned.map((l) => l.fields?.channel)).toEqual(['users:dropAll', '(object)']);
    expect(warned.every((l) => l.level === 'warn')).toBe(true);
  });

  it('refuses senders that are not the app top frame, and unknown channels', async () => {
    const before = snapshotDb(app);
    expect(await call('w1', 'auth:createOwner', OWNER, { isMainFrame: false })).toMatchObject({
      code: 'forbidden_sender',
    });
    expect(await call('w1', 'auth:createOwner', OWNER, { frameUrl: 'https://evil.example/' })).toMatchObject({
      code: 'forbidden_sender',
    });
    expect(app.logger.lines.filter((l) => l.message === 'IPC refused: untrusted sender')).toHaveLength(2);
    expect(await call('w1', 'admin:dropEverything', {})).toMatchObject({ code: 'unknown_channel' });
    expect(await call('w1', 'toString', {})).toMatchObject({ code: 'unknown_channel' });
    expect(snapshotDb(app)).toBe(before);
  });

  it('refuses signed-out callers on non-public channels without writing', async () => {
    const before = snapshotDb(app);
    for (const channel of ['users:list', 'users:create', 'sessions:listMine', 'audit:list', 'auth:signOut']) {
      const payload =
        channel === 'users:create'
          ? { ...OWNER, username: 'mallory', email: 'm@example.com', role: 'owner' }
          : channel === 'users:list' || channel === 'audit:list'
            ? {}
            : undefined;
      expect(await call('stranger', channel, payload)).toMatchObject({ ok: false, code: 'not_signed_in' });
    }
    expect(snapshotDb(app)).toBe(before);
  });

  it('refuses callers whose role lacks the permission, without writing', async () => {
    expect(await ownerAnd(MIKE)).toMatchObject({ ok: true });
    expect(
      await call('member-window', 'auth:signIn', { login: 'mike', password: 'a long member password' }),
    ).toMatchObject({
      ok: true,
    });
    const before = snapshotDb(app);
    const createAsMember = await call('member-window', 'users:create', {
      username: 'eve',
      displayName: 'Eve',
      email: 'eve@example.com',
      role: 'member',
      password: 'another long password',
    });
    expect(createAsMember).toMatchObject({ ok: false, code: 'permission_denied' });
    expect(await call('member-window', 'users:list', {})).toMatchObject({
      ok: false,
      code: 'permission_denied',
    });
    expect(app.logger.lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'IPC refused: permission denied',
        fields: expect.objectContaining({ channel: 'users:list', role: 'member' }) as unknown,
      }),
    );
    expect(await call('member-window', 'audit:list', {})).toMatchObject({
      ok: false,
      code: 'permission_denied',
    });
    // Only last_seen_at of the member's own session may move; no rows appear or vanish.
    const strip = (s: string) => s.replace(/"last_seen_at":"[^"]+"/g, '');
    expect(strip(snapshotDb(app))).toBe(strip(before));
    // A member may still see their own sessions.
    expect(await call('member-window', 'sessions:listMine')).toMatchObject({ ok: true });
  });

  it('an admin cannot create a user above their own role', async () => {
    await ownerAnd({
      username: 'ada',
      displayName: 'Ada Admin',
      email: 'ada@example.com',
      role: 'admin',
      password: 'admin password long enough',
    });
    await call('admin-window', 'auth:signIn', {
      login: 'ada@example.com',
      password: 'admin password long enough',
    });
    const r = await call('admin-window', 'users:create', {
      username: 'owner2',
      displayName: 'Second Owner',
      email: 'o2@example.com',
      role: 'owner',
      password: 'admin password long enough',
    });
    expect(r).toMatchObject({ ok: false, code: 'permission_denied' });
  });

  it('a user given an initial password must replace it before anything else (on by default)', async () => {
    const created = await ownerAnd(
      {
        username: 'nina',
        displayName: 'Nina New',
        email: 'nina@example.com',
        role: 'support',
        password: 'initial password from admin',
      },
      'default',
    );
    expect(created).toMatchObject({ ok: true, value: { mustChangePassword: true } });
    const signedIn = await call('nina-window', 'auth:signIn', {
      login: 'nina',
      password: 'initial password from admin',
    });
    expect(signedIn).toMatchObject({ ok: true, value: { user: { mustChangePassword: true } } });
    const before = snapshotDb(app);
    for (const channel of [
      'users:list',
      'sessions:listMine',
      'tokens:listMine',
      'twoFactor:status',
      'audit:mine',
    ])
      expect(await call('nina-window', channel, {}), channel).toMatchObject({
        ok: false,
        code: 'password_change_required',
      });
    const strip = (s: string) => s.replace(/"last_seen_at":"[^"]+"/g, '');
    expect(strip(snapshotDb(app))).toBe(strip(before));
    expect(await call('nina-window', 'account:overview', {})).toMatchObject({ ok: true });
    // The admin's password cannot simply be kept.
    expect(
      await call('nina-window', 'account:changePassword', {
        currentPassword: 'initial password from admin',
        newPassword: 'initial password from admin',
      }),
    ).toMatchObject({ ok: false, code: 'password_policy' });
    expect(
      await call('nina-window', 'account:changePassword', {
        currentPassword: 'initial password from admin',
        newPassword: 'ninas own quite long passphrase',
      }),
    ).toMatchObject({ ok: true });
    expect(await call('nina-window', 'auth:me', {})).toMatchObject({
      ok: true,
      value: { mustChangePassword: false },
    });
    expect(await call('nina-window', 'users:list', {})).toMatchObject({ ok: true });
    const createdEvent = app.container.database.sqlite
      .prepare("SELECT details FROM audit_events WHERE code = 'user:created'")
      .get() as { details: string };
    expect(JSON.parse(createdEvent.details)).toMatchObject({ role: 'support', mustChangePassword: true });
  });

  it('signing in again in the same window ends the session it had, instead of leaving it open', async () => {
    await ownerAnd(MIKE);
    const first = await call('shared-window', 'auth:signIn', {
      login: 'mike',
      password: 'a long member password',
    });
    const second = await call('shared-window', 'auth:signIn', {
      login: OWNER.username,
      password: OWNER.password,
    });
    expect(first.ok && second.ok).toBe(true);
    // Sessions started at the same (manual) clock instant: compared in name order, on either engine.
    const rows = app.container.database.sqlite
      .prepare(
        'SELECT u.username, CASE WHEN s.ended_at IS NULL THEN 0 ELSE 1 END AS ended, s.end_reason FROM sessions s JOIN users u ON u.id = s.user_id ORDER BY u.username, ended',
      )
      .all();
    expect(rows).toEqual([
      { username: 'mike', ended: 1, end_reason: 'signed_out' },
      { username: 'olivia', ended: 0, end_reason: null },
      { username: 'olivia', ended: 0, end_reason: null },
    ]);
    const logouts = app.container.database.sqlite
      .prepare("SELECT subject_name FROM audit_events WHERE code = 'user:logged_out'")
      .all();
    expect(logouts).toEqual([{ subject_name: 'mike' }]);
  });

  it('maps unexpected failures to internal without leaking details', async () => {
    app.container.database.sqlite.exec('DROP TABLE settings');
    const r = await call('w1', 'auth:signIn', { login: 'x', password: 'y' });
    expect(r).toMatchObject({ ok: false, code: 'internal' });
    if (!r.ok) expect(r.message).not.toMatch(/settings|SQLITE/i);
    expect(app.logger.lines.some((l) => l.level === 'error')).toBe(true);
  });
});
