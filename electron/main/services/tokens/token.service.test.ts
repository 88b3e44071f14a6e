import { describe, expect, it } from 'vitest';
import { storedBytes } from '../../../../tests/support/raw-db';
import { servicesPerTest, startSeeded } from '../../../../tests/support/per-test';
import { OWNER, seedUsers, signedInWindow } from '../../../../tests/support/my-security-fixtures';
import { sha256 } from '../../security/ids';
import type { CreatedApiToken, ApiTokenView } from '../../../../shared/ipc/contracts/tokens.contract';
import { addMonths } from './token.service';

const MEMBER = { username: 'mike', role: 'support' as const, password: 'members only password' };

describe('API tokens', () => {
  const app = servicesPerTest(startSeeded((started) => seedUsers(started, MEMBER)));

  it('creates 1- and 12-month tokens with the right expiry, shows the secret once and stores only its hash', async () => {
    const w = await signedInWindow(app, 'w1', MEMBER.username, MEMBER.password);
    const one = await w.call('tokens:create', { name: 'CI deploy', months: 1, role: 'support' });
    const twelve = await w.call('tokens:create', { name: 'Nightly report', months: 12, role: 'member' });
    expect(one.ok && twelve.ok).toBe(true);
    if (!one.ok || !twelve.ok) return;
    const a = one.value as CreatedApiToken;
    const b = twelve.value as CreatedApiToken;
    // The clock starts at 2026-03-02T09:00:00Z.
    expect(a.token.expiresAt).toBe('2026-04-02T09:00:00.000Z');
    expect(b.token.expiresAt).toBe('2027-03-02T09:00:00.000Z');
    expect(a.secret).toMatch(/^pcl_[A-Za-z0-9_-]{43}$/);
    expect(a.token).toMatchObject({ status: 'active', role: 'support', lastUsedAt: null });

    const list = await w.call('tokens:listMine');
    expect(JSON.stringify(list)).not.toContain(a.secret);
    expect(JSON.stringify(list)).not.toContain(a.secret.slice(8, 30));
    const bytes = storedBytes(app.dbPath);
    expect(bytes.includes(a.secret)).toBe(false);
    expect(bytes.includes(a.secret.slice(4))).toBe(false);
    expect(bytes.includes(sha256(`api-token:${a.secret}`))).toBe(true);
  });

  it('verify accepts a live token and records its use, then refuses it after revoke and after expiry', async () => {
    const w = await signedInWindow(app, 'w1', MEMBER.username, MEMBER.password);
    const created = await w.call('tokens:create', { name: 'one', months: 1, role: 'support' });
    const other = await w.call('tokens:create', { name: 'two', months: 2, role: 'member' });
    if (!created.ok || !other.ok) throw new Error('create failed');
    const { secret, token } = created.value as CreatedApiToken;
    const tokens = app.container.services.tokens;

    app.clock.advance(60_000);
    expect(await tokens.verify(secret)).toEqual({
      status: 'valid',
      owner: MEMBER.username,
      role: 'support',
      tokenRole: 'support',
      expiresAt: token.expiresAt,
    });
    const listed = (await tokens.listMine(token.userId)).find((t) => t.id === token.id);
    expect(listed?.lastUsedAt).toBe('2026-03-02T09:01:00.000Z');
    expect(await tokens.verify('pcl_' + 'x'.repeat(43))).toEqual({ status: 'invalid' });
    expect(await tokens.verify('not a token')).toEqual({ status: 'invalid' });

    expect(await w.call('tokens:revoke', { id: token.id })).toEqual({ ok: true, value: null });
    expect(await tokens.verify(secret)).toEqual({ status: 'revoked' });
    expect(app.container.repositories.audit).toBeDefined();

    const second = (other.value as CreatedApiToken).secret;
    expect((await tokens.verify(second)).status).toBe('valid');
    app.clock.set('2026-05-02T09:00:00Z'); // exactly two months later: expired
    expect(await tokens.verify(second)).toEqual({ status: 'expired' });
    // (the window's session has long expired: ask the service directly)
    const statuses = (await tokens.listMine(token.userId)).map((t) => t.status);
    expect(statuses.sort()).toEqual(['expired', 'revoked']);
  });

  it('refuses a role above the creator, a validity outside 1–12 months, and others’ tokens', async () => {
    const w = await signedInWindow(app, 'w1', MEMBER.username, MEMBER.password);
    expect(await w.call('tokens:create', { name: 'x', months: 1, role: 'admin' })).toMatchObject({
      ok: false,
      code: 'permission_denied',
    });
    expect(await w.call('tokens:create', { name: 'x', months: 13, role: 'member' })).toMatchObject({
      ok: false,
      code: 'invalid_input',
    });
    expect(await w.call('tokens:create', { name: 'x', months: 0, role: 'member' })).toMatchObject({
      code: 'invalid_input',
    });
    expect(await w.call('tokens:listAll', {})).toMatchObject({ ok: false, code: 'permission_denied' });

    const owner = await signedInWindow(app, 'w2', OWNER.username, OWNER.password);
    const mine = await owner.call('tokens:create', { name: 'owner token', months: 3, role: 'owner' });
    if (!mine.ok) throw new Error('create failed');
    const id = (mine.value as CreatedApiToken).token.id;
    expect(await w.call('tokens:revoke', { id })).toMatchObject({ ok: false, code: 'not_found' });
    const all = await owner.call('tokens:listAll', { user: 'oliv' });
    expect(all.ok && (all.value as { items: ApiTokenView[] }).items.map((t) => t.name)).toEqual([
      'owner token',
    ]);
    expect(await owner.call('tokens:revokeAny', { id })).toEqual({ ok: true, value: null });
  });

  it('adds calendar months, clamping to the end of shorter months', () => {
    expect(addMonths(new Date('2026-01-31T10:00:00Z'), 1).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(addMonths(new Date('2026-03-31T10:00:00Z'), 12).toISOString()).toBe('2027-03-31T10:00:00.000Z');
    expect(addMonths(new Date('2026-08-31T10:00:00Z'), 6).toISOString()).toBe('2027-02-28T10:00:00.000Z');
  });
});
