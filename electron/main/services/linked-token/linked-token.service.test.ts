import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storedBytes } from '../../../../tests/support/raw-db';
import { removeDir, startServices, type TestApp } from '../../../../tests/support/services';
import { OWNER, seedUsers, signedInWindow } from '../../../../tests/support/my-security-fixtures';
import {
  httpOpener,
  startFlespiProvider,
  type FlespiProvider,
} from '../../../../tests/support/flespi-provider';
import type {
  LinkedTokenCheck,
  LinkedTokenView,
} from '../../../../shared/ipc/contracts/linked-token.contract';

describe('linked service (flespi) token', () => {
  let app: TestApp;
  let provider: FlespiProvider;
  beforeEach(async () => {
    app = await startServices();
    provider = await startFlespiProvider({ now: () => app.clock.now() });
    await seedUsers(app, { username: 'adam', role: 'admin', password: 'admin person password' });
    await app.container.services.linkedToken.setEndpoints({
      ru: provider.endpoints(),
      eu: provider.endpoints(),
    });
    app.container.services.linkedToken.setOpener(httpOpener);
  });
  afterEach(async () => {
    await provider.close();
    await app.close();
    removeDir(app.dir);
  });

  it('logs in at the provider, checks the token, and keeps it encrypted', async () => {
    const w = await signedInWindow(app, 'o', OWNER.username, OWNER.password);
    expect(await w.call('linkedToken:get')).toMatchObject({ ok: true, value: { present: false } });
    provider.region = 'ru';
    const login = (await w.call('linkedToken:login', { region: 'eu' })) as {
      ok: boolean;
      value: LinkedTokenView;
    };
    expect(login.ok).toBe(true);
    // The region the user picked at the provider wins; the token is valid one year.
    expect(login.value).toMatchObject({
      present: true,
      region: 'ru',
      source: 'login',
      expiresAt: '2027-03-02T09:00:00.000Z',
    });
    const [token] = [...provider.tokens.keys()];
    if (!token) throw new Error('no token issued');
    expect(login.value.masked).not.toContain(token);
    expect(storedBytes(app.dbPath).includes(token)).toBe(false);

    const check = (await w.call('linkedToken:check')) as { value: LinkedTokenCheck };
    expect(check.value).toEqual({ status: 'active', expiresAt: '2027-03-02T09:00:00.000Z' });
    app.clock.advance(366 * 86_400_000);
    const ownerId = (await app.container.repositories.users.findByLogin(OWNER.username))?.id ?? 0;
    expect((await app.container.services.linkedToken.check(ownerId)).status).toBe('expired');
    expect(provider.seen).toEqual(['/oauth/authorize', '/auth/info', '/auth/info']);
  });

  it('stores a manual token with its region; an unknown token checks as invalid; only the owner may', async () => {
    const w = await signedInWindow(app, 'o', OWNER.username, OWNER.password);
    const manual = 'ManualTokenFromTheFlespiPanel0123456789';
    const saved = (await w.call('linkedToken:save', { token: manual, region: 'eu' })) as {
      value: LinkedTokenView;
    };
    expect(saved.value).toMatchObject({
      region: 'eu',
      source: 'manual',
      masked: 'Manu…6789',
      expiresAt: null,
    });
    expect(storedBytes(app.dbPath).includes(manual)).toBe(false);
    expect(((await w.call('linkedToken:check')) as { value: LinkedTokenCheck }).value).toEqual({
      status: 'invalid',
      expiresAt: null,
    });
    provider.tokens.set(manual, Math.floor(Date.parse('2026-06-01T00:00:00Z') / 1000));
    expect(((await w.call('linkedToken:check')) as { value: LinkedTokenCheck }).value).toEqual({
      status: 'active',
      expiresAt: '2026-06-01T00:00:00.000Z',
    });
    expect(await w.call('linkedToken:save', { token: 'has spaces in it 123', region: 'eu' })).toMatchObject({
      code: 'invalid_input',
    });
    const admin = await signedInWindow(app, 'a', 'adam', 'admin person password');
    expect(await admin.call('linkedToken:get')).toMatchObject({ code: 'permission_denied' });
    expect(await admin.call('linkedToken:login', { region: 'eu' })).toMatchObject({
      code: 'permission_denied',
    });
  });
});
