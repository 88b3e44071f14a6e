import { describe, expect, it } from 'vitest';
import { snapshotDb, windowCaller } from '../../../../tests/support/services';
import { servicesPerTest, startSeeded } from '../../../../tests/support/per-test';
import { OWNER, seedUsers, signedInWindow } from '../../../../tests/support/my-security-fixtures';
import type { CurrentUser } from '../../../../shared/domain/user';

const MIKE = { username: 'mike', role: 'member' as const, password: 'members only password' };
const startWithMike = startSeeded((app) => seedUsers(app, MIKE));

describe('account:setLanguage (issue 17: a language kept per user)', () => {
  const app = servicesPerTest(startWithMike);
  const preferenceEvents = () =>
    (
      app.container.database.sqlite
        .prepare("SELECT details FROM audit_events WHERE code = 'user.preferences:updated' ORDER BY id")
        .all() as { details: string }[]
    ).map((r) => JSON.parse(r.details) as unknown);

  it('keeps the language, returns it in auth:me (also in a new session) and audits each change once', async () => {
    const a = await signedInWindow(app, 'a', MIKE.username, MIKE.password);
    const me = async (w: typeof a) => ((await w.call('auth:me')) as { value: CurrentUser }).value;
    expect((await me(a)).language).toBeNull();

    expect(await a.call('account:setLanguage', { language: 'ru' })).toEqual({
      ok: true,
      value: { language: 'ru' },
    });
    expect((await me(a)).language).toBe('ru');
    // Kept per user, not per window: a second sign-in sees it.
    const b = await signedInWindow(app, 'b', MIKE.username, MIKE.password);
    expect((await me(b)).language).toBe('ru');
    // The sign-in answer carries it too (the shell starts in that language).
    const c = windowCaller('c').caller;
    const signIn = await app.container.pipeline.dispatch(c, 'auth:signIn', {
      login: MIKE.username,
      password: MIKE.password,
    });
    expect(signIn).toMatchObject({ ok: true, value: { user: { language: 'ru' } } });

    // The same language again changes nothing and writes no event; another one does.
    await a.call('account:setLanguage', { language: 'ru' });
    await b.call('account:setLanguage', { language: 'es' });
    expect(preferenceEvents()).toEqual([
      { language: 'ru', previousLanguage: null },
      { language: 'es', previousLanguage: 'ru' },
    ]);
    // The stored message (the chain, exports) stays English whatever the language chosen.
    const stored = app.container.database.sqlite
      .prepare("SELECT message FROM audit_events WHERE code = 'user.preferences:updated'")
      .all() as { message: string }[];
    expect(stored.map((r) => r.message)).toEqual([
      'Preferences of mike updated',
      'Preferences of mike updated',
    ]);
    // Only the caller's own row changed: the owner still has none.
    const owner = await signedInWindow(app, 'o', OWNER.username, OWNER.password);
    expect((await me(owner)).language).toBeNull();
  });

  it('refuses a wrong language, a missing one or extra fields with a clear message, writing nothing', async () => {
    const a = await signedInWindow(app, 'a', MIKE.username, MIKE.password);
    const before = snapshotDb(app);
    const bad = [
      { language: 'de' },
      { language: 'EN' },
      { language: 'ru-RU' },
      { language: '' },
      { language: null },
      { language: ['ru'] },
      {},
      { language: 'ru', userId: 1 },
      'ru',
    ];
    for (const payload of bad)
      expect([payload, await a.call('account:setLanguage', payload)]).toMatchObject([
        payload,
        { ok: false, code: 'invalid_input' },
      ]);
    expect(snapshotDb(app)).toBe(before);
    const r = (await a.call('account:setLanguage', { language: 'de' })) as { message: string };
    expect(r.message).toContain('English (en), Spanish (es) or Russian (ru)');
  });

  it('is refused signed out, and works while a password change is required', async () => {
    const before = snapshotDb(app);
    const out = windowCaller('out').caller;
    expect(
      await app.container.pipeline.dispatch(out, 'account:setLanguage', { language: 'es' }),
    ).toMatchObject({ ok: false, code: 'not_signed_in' });
    expect(snapshotDb(app)).toBe(before);

    app.container.database.sqlite
      .prepare("UPDATE users SET must_change_password = 1 WHERE username = 'mike'")
      .run();
    const a = await signedInWindow(app, 'a', MIKE.username, MIKE.password);
    expect(await a.call('sessions:listMine')).toMatchObject({ code: 'password_change_required' });
    expect(await a.call('account:setLanguage', { language: 'es' })).toEqual({
      ok: true,
      value: { language: 'es' },
    });
  });
});
