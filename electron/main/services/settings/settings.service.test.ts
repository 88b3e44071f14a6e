import { describe, expect, it } from 'vitest';
import { snapshotDb } from '../../../../tests/support/services';
import { seededServicesPerTest } from '../../../../tests/support/per-test';
import { signInWindow, SEED_PASSWORD } from '../../../../tests/support/admin-fixtures';

/** Authentication and password-policy settings through the IPC pipeline, as an admin saves them. */
describe('settings: authentication and password policy', () => {
  const { app } = seededServicesPerTest([
    { username: 'olivia', role: 'owner' },
    { username: 'adam', role: 'admin' },
    { username: 'sue', role: 'support' },
  ] as const);
  const audit = () =>
    app.container.database.sqlite
      .prepare('SELECT code, actor_name, subject_name, details FROM audit_events ORDER BY id')
      .all() as { code: string; actor_name: string | null; subject_name: string | null; details: string }[];

  it('saves authentication and password policy settings validated, auditing before and after', async () => {
    const adam = await signInWindow(app, 'adam', 'adam');
    const auth = await adam.call('settings:getAuth');
    if (!auth.ok) throw new Error(auth.message);
    expect(
      await adam.call('settings:saveAuth', {
        ...(auth.value as object),
        lockoutMinutes: 30,
        // Not the admin's own role: that would (rightly) shut adam out until he sets up 2FA.
        twoFactorRequiredRoles: ['owner'],
      }),
    ).toMatchObject({
      ok: true,
      value: { lockoutMinutes: 30 },
    });
    expect((await app.container.services.settings.auth()).lockoutMinutes).toBe(30);
    const e = audit().find((x) => x.code === 'settings:changed');
    expect(JSON.parse(e?.details ?? '{}')).toEqual({
      section: 'authentication',
      before: { lockoutMinutes: 15, twoFactorRequiredRoles: [] },
      after: { lockoutMinutes: 30, twoFactorRequiredRoles: ['owner'] },
    });
    const before = snapshotDb(app);
    expect(
      await adam.call('settings:savePasswordPolicy', {
        minLength: 12,
        maxLength: 32,
        historyCount: 5,
        maxAgeDays: 0,
      }),
    ).toMatchObject({
      code: 'invalid_input',
    });
    expect(
      await adam.call('settings:savePasswordPolicy', {
        minLength: 100,
        maxLength: 64,
        historyCount: 5,
        maxAgeDays: 0,
      }),
    ).toMatchObject({
      code: 'invalid_input',
    });
    expect(snapshotDb(app)).toBe(before);
    expect(
      await adam.call('settings:savePasswordPolicy', {
        minLength: 14,
        maxLength: 128,
        historyCount: 3,
        maxAgeDays: 90,
      }),
    ).toMatchObject({ ok: true });
    expect(await app.container.services.settings.passwordPolicySettings()).toEqual({
      minLength: 14,
      maxLength: 128,
      historyCount: 3,
      maxAgeDays: 90,
      contextWords: ['portcullis'],
    });
  });

  it('context words: kept in lower case once each; passwords may contain them but not lean on them', async () => {
    const adam = await signInWindow(app, 'adam', 'adam');
    const policy = { minLength: 12, maxLength: 256, historyCount: 5, maxAgeDays: 0 };
    expect(
      await adam.call('settings:savePasswordPolicy', {
        ...policy,
        contextWords: ['Acme', 'acme ', 'Gatekeeper'],
      }),
    ).toMatchObject({ ok: true, value: { contextWords: ['acme', 'gatekeeper'] } });
    const e = audit()
      .filter((x) => x.code === 'settings:changed')
      .at(-1);
    expect(JSON.parse(e?.details ?? '{}')).toMatchObject({
      section: 'password policy',
      before: { contextWords: ['portcullis'] },
      after: { contextWords: ['acme', 'gatekeeper'] },
    });
    // Saving without the list keeps it; a too-short word is refused and nothing changes.
    expect(await adam.call('settings:savePasswordPolicy', policy)).toMatchObject({
      ok: true,
      value: { contextWords: ['acme', 'gatekeeper'] },
    });
    expect(await adam.call('settings:savePasswordPolicy', { ...policy, contextWords: ['ab'] })).toMatchObject(
      { ok: false, code: 'invalid_input' },
    );

    const create = (password: string) =>
      adam.call('users:create', {
        username: `u${String(password.length)}`,
        displayName: 'New user',
        email: `u${String(password.length)}@example.com`,
        role: 'member',
        password,
      });
    // "acme" and "gatekeeper" carry these: without them only 4-6 letters or digits are left.
    for (const weak of ['Acme2026!Acme', 'GATEKEEPER-1234', 'acme-gatekeeper-99'])
      expect(await create(weak), weak).toMatchObject({
        ok: false,
        code: 'password_policy',
        details: { rule: 'context' },
      });
    // Long enough without them: allowed.
    expect(await create('acme staff drink strong tea at noon')).toMatchObject({ ok: true });
    // The user's own change follows the same list.
    const sue = await signInWindow(app, 'sue', 'sue');
    expect(
      await sue.call('account:changePassword', {
        currentPassword: SEED_PASSWORD,
        newPassword: 'Gatekeeper#2026',
      }),
    ).toMatchObject({
      ok: false,
      code: 'password_policy',
      message: expect.stringContaining('gatekeeper') as unknown,
    });
  });
});
