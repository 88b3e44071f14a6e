import { describe, expect, it } from 'vitest';
import { snapshotDb } from './support/services';
import { seededServicesPerTest } from './support/per-test';
import { seedUsers, signInWindow } from './support/admin-fixtures';

/**
 * Issue 12, item 3: account recovery on another person (email, password reset, turning off 2FA,
 * role) needs a role strictly above theirs, through the real IPC pipeline. Refusals write nothing
 * and queue nothing; an operator's email change is announced to the old address.
 */
type Person = 'olivia' | 'otto' | 'adam' | 'ada' | 'sue' | 'sam' | 'lucy';

describe('no silent takeover between operators', () => {
  const { app, id } = seededServicesPerTest([
    { username: 'olivia', role: 'owner' },
    { username: 'otto', role: 'owner' },
    { username: 'adam', role: 'admin' },
    { username: 'ada', role: 'admin' },
    { username: 'sue', role: 'support' },
    { username: 'sam', role: 'support' },
    { username: 'lucy', role: 'member', email: 'lucy@corp.example' },
  ]);
  const sqlite = () => app.container.database.sqlite;
  /** Turns on email 2FA for people already signed in (their sessions stay). */
  const twoFactorOn = (...names: Person[]) => {
    for (const name of names) {
      sqlite()
        .prepare("INSERT INTO two_factor (user_id, method, enabled_at) VALUES (?, 'email', ?)")
        .run(id(name), '2026-03-01T00:00:00.000Z');
      sqlite().prepare("UPDATE users SET two_factor_method = 'email' WHERE id = ?").run(id(name));
    }
  };
  const hasTwoFactor = (name: Person) =>
    sqlite().prepare('SELECT 1 FROM two_factor WHERE user_id = ?').get(id(name)) !== undefined;
  const outbox = () =>
    sqlite().prepare('SELECT recipient, template, body_text FROM outbox ORDER BY id').all() as {
      recipient: string;
      template: string;
      body_text: string;
    }[];
  /** The four recovery actions against one person, as [channel, payload]. */
  const recoveries = (victim: Person): [string, object][] => [
    ['users:update', { id: id(victim), email: `${victim}.stolen@evil.example` }],
    ['users:update', { id: id(victim), role: 'member' }],
    ['users:sendPasswordReset', { userIds: [id(victim)] }],
    ['users:disableTwoFactor', { userId: id(victim), reason: 'says they lost their phone' }],
  ];

  it('an admin cannot change a peer admin’s email, reset, 2FA or role, nor an owner’s: nothing written, nothing queued', async () => {
    const adam = await signInWindow(app, 'adam', 'adam');
    twoFactorOn('ada', 'olivia');
    const before = snapshotDb(app);
    const peer = await Promise.all(recoveries('ada').map(([ch, p]) => adam.call(ch, p)));
    expect(peer.map((r) => !r.ok && r.message)).toEqual([
      'Only the owner can change the email address of an administrator (ada). Ask them to do it.',
      'Only the owner can change the role of an administrator (ada). Ask them to do it.',
      'Only the owner can send a password reset to an administrator (ada). Ask them to do it.',
      'Only the owner can turn off two-factor authentication for an administrator (ada). Ask them to do it.',
    ]);
    const owner = await Promise.all(recoveries('olivia').map(([ch, p]) => adam.call(ch, p)));
    expect(owner.every((r) => !r.ok && r.code === 'permission_denied')).toBe(true);
    expect(owner.map((r) => !r.ok && r.message)).toEqual([
      'You cannot change an owner (olivia): that role is above yours. Ask an owner.',
      'You cannot change an owner (olivia): that role is above yours. Ask an owner.',
      'Nobody can send a password reset to an owner (olivia) from the console. The owner makes this change on their own My security page.',
      'Nobody can turn off two-factor authentication for an owner (olivia) from the console. The owner makes this change on their own My security page.',
    ]);
    // A bulk reset that includes a peer sends nothing, not even to the member in the batch.
    expect(await adam.call('users:sendPasswordReset', { userIds: [id('lucy'), id('ada')] })).toMatchObject({
      ok: false,
      code: 'permission_denied',
    });
    // The same attack as a burst of 60 parallel calls.
    const burst = await Promise.all(
      Array.from({ length: 15 }, () => recoveries('ada'))
        .flat()
        .map(([ch, p]) => adam.call(ch, p)),
    );
    const refused = burst.filter((r) => !r.ok && r.code === 'permission_denied').length;
    console.log(
      `peer-admin recovery burst: ${burst.length} calls, ${refused} refused, ${outbox().length} queued`,
    );
    expect(refused).toBe(burst.length);
    expect(outbox()).toEqual([]);
    expect(snapshotDb(app)).toBe(before);
    expect(hasTwoFactor('ada')).toBe(true);
  });

  it('the owner recovers an admin (the old address hears of the new email) but not another owner or themselves', async () => {
    const olivia = await signInWindow(app, 'olivia', 'olivia');
    twoFactorOn('ada', 'otto', 'olivia');
    expect(await olivia.call('users:update', { id: id('ada'), email: 'ada.new@corp.example' })).toMatchObject(
      {
        ok: true,
        value: { email: 'ada.new@corp.example' },
      },
    );
    const [notice] = outbox();
    expect(notice).toMatchObject({ recipient: 'ada@example.com', template: 'email_changed_by_operator' });
    expect(notice?.body_text).toContain(
      'olivia changed the email address of your account to a***@corp.example.',
    );
    expect(notice?.body_text).not.toContain('ada.new@corp.example');
    expect(outbox().filter((m) => m.recipient === 'ada.new@corp.example')).toEqual([]);

    expect(await olivia.call('users:sendPasswordReset', { userIds: [id('ada')] })).toMatchObject({
      ok: true,
    });
    expect(outbox().at(-1)).toMatchObject({
      recipient: 'ada.new@corp.example',
      template: 'password_reset_code',
    });
    expect(
      await olivia.call('users:disableTwoFactor', { userId: id('ada'), reason: 'lost phone, video call' }),
    ).toEqual({
      ok: true,
      value: null,
    });
    expect(hasTwoFactor('ada')).toBe(false);
    expect(await olivia.call('users:update', { id: id('ada'), role: 'support' })).toMatchObject({
      ok: true,
      value: { role: 'support' },
    });

    const before = snapshotDb(app);
    const peer = await Promise.all(recoveries('otto').map(([ch, p]) => olivia.call(ch, p)));
    expect(peer.map((r) => !r.ok && r.message)).toEqual([
      'Nobody can change the email address of an owner (otto) from the console. The owner makes this change on their own My security page.',
      'Nobody can change the role of an owner (otto) from the console.',
      'Nobody can send a password reset to an owner (otto) from the console. The owner makes this change on their own My security page.',
      'Nobody can turn off two-factor authentication for an owner (otto) from the console. The owner makes this change on their own My security page.',
    ]);
    const self = await Promise.all(recoveries('olivia').map(([ch, p]) => olivia.call(ch, p)));
    expect(self.map((r) => !r.ok && r.message)).toEqual([
      'Change your own email address on My security, where a code sent to the new address confirms it.',
      'You cannot change your own role. Only someone with a higher role can.',
      'Change your own password on My security, which asks for your current password.',
      'Turn off your own two-factor authentication on My security, which asks for a code or your password.',
    ]);
    expect(snapshotDb(app)).toBe(before);
    // Other edits of oneself and of a peer stay allowed (at or below).
    expect(await olivia.call('users:update', { id: id('otto'), displayName: 'Otto O.' })).toMatchObject({
      ok: true,
    });
  });

  it('support cannot recover another support user nor drop their own 2FA through the support channel', async () => {
    const sue = await signInWindow(app, 'sue', 'sue');
    const adam = await signInWindow(app, 'adam', 'adam');
    twoFactorOn('sue', 'sam', 'adam', 'lucy');
    const before = snapshotDb(app);
    const peer = await Promise.all(recoveries('sam').map(([ch, p]) => sue.call(ch, p)));
    expect(peer.every((r) => !r.ok && r.code === 'permission_denied')).toBe(true);
    expect(peer.slice(2).map((r) => !r.ok && r.message)).toEqual([
      'Only an administrator or the owner can send a password reset to a support user (sam). Ask them to do it.',
      'Only an administrator or the owner can turn off two-factor authentication for a support user (sam). Ask them to do it.',
    ]);
    for (const [who, name] of [
      [sue, 'sue'],
      [adam, 'adam'],
    ] as const)
      expect(
        await who.call('users:disableTwoFactor', { userId: id(name), reason: 'lost my phone' }),
      ).toMatchObject({
        ok: false,
        code: 'permission_denied',
        message: expect.stringContaining('on My security, which asks for a code or your password') as unknown,
      });
    expect([hasTwoFactor('sue'), hasTwoFactor('sam'), hasTwoFactor('adam')]).toEqual([true, true, true]);
    expect(outbox()).toEqual([]);
    expect(snapshotDb(app)).toBe(before);

    // A member is still theirs to help.
    expect(await sue.call('users:sendPasswordReset', { userIds: [id('lucy')] })).toMatchObject({ ok: true });
    expect(
      await sue.call('users:disableTwoFactor', { userId: id('lucy'), reason: 'lost phone' }),
    ).toMatchObject({
      ok: true,
    });
    expect(outbox().map((m) => [m.recipient, m.template])).toEqual([
      ['lucy@corp.example', 'password_reset_code'],
      ['lucy@corp.example', 'two_factor_disabled_by_admin'],
    ]);
  });

  it('a promotion racing an email change: the change lands only while the person is still below the operator', async () => {
    const n = 25;
    const extra = await seedUsers(
      app,
      Array.from({ length: n }, (_, i) => ({ username: `m${i}`, role: 'member' as const })),
    );
    const olivia = await signInWindow(app, 'olivia', 'olivia');
    const adam = await signInWindow(app, 'adam', 'adam');
    const results = await Promise.all(
      extra.flatMap((userId, i) => [
        adam.call('users:update', { id: userId, email: `m${i}.stolen@evil.example` }),
        olivia.call('users:update', { id: userId, role: 'admin' }),
      ]),
    );
    const events = sqlite()
      .prepare(
        "SELECT id, actor_name, subject_name FROM audit_events WHERE code = 'admin.user:updated' ORDER BY id",
      )
      .all() as { id: number; actor_name: string; subject_name: string }[];
    let landed = 0;
    for (let i = 0; i < n; i++) {
      const [change, promotion] = [results[2 * i], results[2 * i + 1]];
      expect(promotion).toMatchObject({ ok: true });
      const mine = events.filter((e) => e.subject_name === `m${i}`);
      if (change?.ok) {
        landed++;
        // Adam's change was written before the promotion, while m{i} was a member.
        expect(mine.map((e) => e.actor_name)).toEqual(['adam', 'olivia']);
      } else {
        expect(change).toMatchObject({ code: 'permission_denied' });
        expect(mine.map((e) => e.actor_name)).toEqual(['olivia']);
      }
    }
    // The text match in JS: PostgreSQL refuses LIKE on the case-blind (nocase) email column.
    const admins = sqlite().prepare("SELECT email FROM users WHERE role = 'admin'").all() as {
      email: string;
    }[];
    const stolen = { n: admins.filter((u) => u.email.includes('stolen')).length };
    console.log(
      `promotion race: ${n} pairs, ${landed} email changes before promotion, ${n - landed} refused`,
    );
    expect(stolen.n).toBe(landed);
    expect(
      sqlite().prepare("SELECT count(*) AS n FROM outbox WHERE template = 'email_changed_by_operator'").get(),
    ).toEqual({ n: landed });
  });
});
