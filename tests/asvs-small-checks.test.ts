import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CHANNELS, contract } from '../shared/ipc/contract';
import { randomId } from '../electron/main/security/ids';
import { backupCode, sixDigitCode } from '../electron/main/services/two-factor/code-hasher';
import { removeDir, startServices, windowCaller, type TestApp } from './support/services';

/**
 * Small ASVS 5.0 requirements that SECURITY.md marks as met and that no bigger story test shows:
 * passwords used exactly as typed (6.2.8), no hints or secret questions (6.4.2), code entropy
 * (6.5.4), session id size (7.2.3).
 */
const SPACED = '  correct horse battery staple  ';

describe('passwords are used exactly as typed (ASVS 6.2.8)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startServices();
    await app.container.services.auth.createOwnerAccount(
      { username: 'olga', displayName: 'Olga', email: 'olga@example.com', password: SPACED },
      windowCaller('setup').caller.client,
    );
  });
  afterAll(async () => {
    await app.close();
    removeDir(app.dir);
  });

  it('surrounding spaces are part of the password: the trimmed text is refused, the exact text accepted', async () => {
    const trimmed = await app.container.pipeline.dispatch(windowCaller('w1').caller, 'auth:signIn', {
      login: 'olga',
      password: SPACED.trim(),
    });
    expect(trimmed).toMatchObject({ ok: false, code: 'invalid_credentials' });
    const exact = await app.container.pipeline.dispatch(windowCaller('w2').caller, 'auth:signIn', {
      login: 'olga',
      password: SPACED,
    });
    expect(exact).toMatchObject({ ok: true });
  });
});

describe('no password hints or secret questions (ASVS 6.4.2)', () => {
  it('no channel of the contract takes a hint, a secret question or its answer', () => {
    const keys: string[] = [];
    const walk = (schema: z.ZodType, path: string): void => {
      if (schema instanceof z.ZodObject)
        for (const [key, value] of Object.entries<z.ZodType>(schema.shape)) {
          keys.push(`${path}.${key}`);
          walk(value, `${path}.${key}`);
        }
    };
    for (const name of CHANNELS) walk(contract[name].input as z.ZodType, name);
    expect(keys.length).toBeGreaterThan(50);
    expect(keys.filter((k) => /hint|question|answer|mother|pet/i.test(k))).toEqual([]);
  });
});

describe('code and identifier sizes (ASVS 6.5.4, 7.2.3)', () => {
  it('one-time codes are 6 random digits, backup codes 10 characters from 31 (~49 bits)', () => {
    const six = Array.from({ length: 3000 }, sixDigitCode);
    expect(six.every((c) => /^\d{6}$/.test(c))).toBe(true);
    expect(six.some((c) => c.startsWith('0'))).toBe(true); // leading zeros are kept
    expect(new Set(six).size).toBeGreaterThan(2900);
    const backup = Array.from({ length: 3000 }, backupCode);
    expect(backup.every((c) => /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{2}$/.test(c))).toBe(true);
    const alphabet = new Set(backup.join('').replaceAll('-', ''));
    expect(alphabet.size).toBe(31);
    expect(10 * Math.log2(alphabet.size)).toBeGreaterThan(49);
  });

  it('session ids are 128-bit random hex, never repeated', () => {
    const ids = Array.from({ length: 10_000 }, randomId);
    expect(ids.every((id) => /^[0-9a-f]{32}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
