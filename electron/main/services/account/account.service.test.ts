import { describe, expect, it } from 'vitest';
import { snapshotDb } from '../../../../tests/support/services';
import { servicesPerTest, startSeeded } from '../../../../tests/support/per-test';
import {
  OWNER,
  seedUsers,
  signedInWindow,
  useRecordingMessenger,
} from '../../../../tests/support/my-security-fixtures';
import type { AccountOverview } from '../../../../shared/ipc/contracts/account.contract';

const MIKE = { username: 'mike', role: 'member' as const, password: 'members only password' };
const GOOD = 'lantern orchard quietly 1987';
/** Each test starts with the owner and Mike, a member. */
const startWithMike = startSeeded((app) => seedUsers(app, MIKE));

describe('change password', () => {
  const app = servicesPerTest(startWithMike);

  it('refuses short, common, identity and reused passwords with the rule, then accepts a good one', async () => {
    const outbox = useRecordingMessenger(app);
    const a = await signedInWindow(app, 'a', MIKE.username, MIKE.password);
    const change = (newPassword: string, currentPassword = MIKE.password) =>
      a.call('account:changePassword', { currentPassword, newPassword });

    expect(await change('short one')).toMatchObject({
      code: 'password_policy',
      details: { rule: 'min_length' },
    });
    expect(await change('qwerty123456')).toMatchObject({
      code: 'password_policy',
      details: { rule: 'common' },
    });
    expect(await change('mike@example.com')).toMatchObject({ details: { rule: 'identity' } });
    expect(await change(MIKE.password)).toMatchObject({
      code: 'password_policy',
      details: { rule: 'reuse' },
    });
    expect(await change(GOOD, 'wrong current password')).toMatchObject({ code: 'invalid_credentials' });
    expect(outbox.emails).toHaveLength(0);

    const b = await signedInWindow(app, 'b', MIKE.username, MIKE.password, '10.0.0.7');
    expect(await change(GOOD)).toEqual({ ok: true, value: { endedSessions: 1 } });
    // The other window is told at once and refused on its next call; this one goes on.
    expect(b.pushed).toEqual([{ event: 'session:ended', payload: { reason: 'revoked' } }]);
    expect(await b.call('sessions:listMine')).toMatchObject({ ok: false });
    expect((await a.call('sessions:listMine')).ok).toBe(true);

    expect(outbox.emails).toHaveLength(1);
    expect(outbox.emails[0]).toMatchObject({ to: 'mike@example.com', template: 'password_changed' });
    expect(JSON.stringify(outbox.emails[0])).not.toContain(GOOD);
    const codes = (
      app.container.database.sqlite.prepare('SELECT code FROM audit_events').all() as { code: string }[]
    ).map((r) => r.code);
    expect(codes).toContain('user.password:changed');

    // The old password is now in the history: going back is refused.
    expect(await change(MIKE.password, GOOD)).toMatchObject({ details: { rule: 'reuse' } });
    expect((await signedInWindow(app, 'c', MIKE.username, GOOD)).call).toBeDefined();
  });

  it('a user without the right cannot change the password, even by calling the channel', async () => {
    await app.container.services.users.create(
      {
        username: 'nora',
        displayName: 'Nora',
        email: 'nora@example.com',
        phone: null,
        role: 'member',
        canChangePassword: false,
        canSendSms: false,
        password: 'nora has a fixed password',
      },
      null,
      { ip: '127.0.0.1', userAgent: 'test' },
    );
    useRecordingMessenger(app);
    const w = await signedInWindow(app, 'n', 'nora', 'nora has a fixed password');
    const overview = await w.call('account:overview');
    expect(overview.ok && (overview.value as AccountOverview).canChangePassword).toBe(false);
    const before = snapshotDb(app);
    expect(
      await w.call('account:changePassword', {
        currentPassword: 'nora has a fixed password',
        newPassword: GOOD,
      }),
    ).toMatchObject({ ok: false, code: 'permission_denied' });
    expect(snapshotDb(app)).toBe(before);
  });
});

describe('email, notices and sessions', () => {
  const app = servicesPerTest(startWithMike);

  it('changes the email only after the code sent to the new address is entered; the old address is told', async () => {
    const outbox = useRecordingMessenger(app);
    const w = await signedInWindow(app, 'a', MIKE.username, MIKE.password);
    expect(await w.call('account:requestEmailChange', { email: 'olivia@example.com' })).toMatchObject({
      code: 'conflict',
    });
    expect((await w.call('account:requestEmailChange', { email: 'mike.new@example.com' })).ok).toBe(true);
    const sent = outbox.emails.at(-1);
    expect(sent).toMatchObject({ to: 'mike.new@example.com', template: 'email_change_code' });
    const code = (sent?.data as { code: string }).code;
    let overview = (await w.call('account:overview')) as { value: AccountOverview };
    expect(overview.value).toMatchObject({ email: 'mike@example.com', pendingEmail: 'mike.new@example.com' });

    const wrong = code === '000000' ? '111111' : '000000';
    expect(await w.call('account:confirmEmailChange', { code: wrong })).toMatchObject({
      code: 'invalid_code',
      details: { attemptsLeft: 4 },
    });
    expect(await w.call('account:confirmEmailChange', { code })).toEqual({
      ok: true,
      value: { email: 'mike.new@example.com' },
    });
    overview = (await w.call('account:overview')) as { value: AccountOverview };
    expect(overview.value).toMatchObject({ email: 'mike.new@example.com', pendingEmail: null });
    expect(outbox.emails.at(-1)).toMatchObject({ to: 'mike@example.com', template: 'email_changed_notice' });
    expect(app.container.database.sqlite.prepare('SELECT code FROM audit_events').all()).toContainEqual({
      code: 'user.profile:updated',
    });
  });

  it('stores the blocking-notice preference with an audit event', async () => {
    const w = await signedInWindow(app, 'a', MIKE.username, MIKE.password);
    expect(await w.call('account:setNotifyBlocking', { enabled: true })).toEqual({ ok: true, value: null });
    const overview = (await w.call('account:overview')) as { value: AccountOverview };
    expect(overview.value.notifyBlocking).toBe(true);
    expect(app.container.database.sqlite.prepare('SELECT code FROM audit_events').all()).toContainEqual({
      code: 'user.preferences:updated',
    });
  });

  it('revokes one session, then all but the current one; managers see and end anybody’s', async () => {
    const a = await signedInWindow(app, 'a', MIKE.username, MIKE.password);
    const b = await signedInWindow(app, 'b', MIKE.username, MIKE.password, '10.0.0.2');
    const c = await signedInWindow(app, 'c', MIKE.username, MIKE.password, '10.0.0.3');
    const list = (await a.call('sessions:listMine')) as {
      value: { id: string; ip: string; current: boolean }[];
    };
    expect(list.value).toHaveLength(3);
    const current = list.value.find((s) => s.current);
    const bId = list.value.find((s) => s.ip === '10.0.0.2')?.id;
    expect(await a.call('sessions:revoke', { sessionId: current?.id })).toMatchObject({
      code: 'invalid_input',
    });
    expect(await a.call('sessions:revoke', { sessionId: bId })).toEqual({ ok: true, value: null });
    expect(b.pushed).toEqual([{ event: 'session:ended', payload: { reason: 'revoked' } }]);
    // The push unbinds the window, so its next call is refused as signed out.
    expect(await b.call('sessions:listMine')).toMatchObject({ ok: false, code: 'not_signed_in' });
    expect(c.pushed).toEqual([]);

    expect(await a.call('sessions:revokeOthers')).toEqual({ ok: true, value: { count: 1 } });
    expect(await c.call('sessions:listMine')).toMatchObject({ ok: false, code: 'not_signed_in' });
    const left = (await a.call('sessions:listMine')) as { value: unknown[] };
    expect(left.value).toHaveLength(1);

    expect(await a.call('sessions:listAll', {})).toMatchObject({ code: 'permission_denied' });
    const owner = await signedInWindow(app, 'o', OWNER.username, OWNER.password);
    const all = (await owner.call('sessions:listAll', { user: 'mik' })) as {
      value: { items: { id: string }[] };
    };
    expect(all.value.items).toHaveLength(1);
    expect(await owner.call('sessions:revokeAny', { sessionId: all.value.items[0]?.id })).toEqual({
      ok: true,
      value: null,
    });
    expect(await a.call('sessions:listMine')).toMatchObject({ ok: false, code: 'not_signed_in' });
  });
});

describe('password maximum age', () => {
  const app = servicesPerTest(startWithMike);

  it('forces a change at sign-in once the password is older than the policy allows', async () => {
    useRecordingMessenger(app);
    app.container.database.sqlite
      .prepare(
        "INSERT INTO settings (key, value, updated_at) VALUES ('passwordPolicy', ?, '2026-03-02T09:00:00Z')",
      )
      .run(JSON.stringify({ minLength: 12, maxLength: 256, historyCount: 5, maxAgeDays: 90 }));
    const fresh = await signedInWindow(app, 'a', MIKE.username, MIKE.password);
    expect((await fresh.call('sessions:listMine')).ok).toBe(true);
    const overview = (await fresh.call('account:overview')) as { value: AccountOverview };
    expect(overview.value.passwordExpiresAt).toBe('2026-05-31T09:00:00.000Z');

    app.clock.set('2026-06-01T09:00:00Z');
    const late = await signedInWindow(app, 'b', MIKE.username, MIKE.password);
    expect(await late.call('sessions:listMine')).toMatchObject({
      ok: false,
      code: 'password_change_required',
    });
    expect(
      await late.call('account:changePassword', { currentPassword: MIKE.password, newPassword: GOOD }),
    ).toMatchObject({
      ok: true,
    });
    expect((await late.call('sessions:listMine')).ok).toBe(true);
  });
});
