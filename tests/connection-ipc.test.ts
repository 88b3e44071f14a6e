import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyFileKeychain } from '../electron/main/adapters/key-file.keychain';
import { CONNECTION_FILE } from '../electron/main/remote/connection';
import { CHANNELS } from '../shared/ipc/contract';
import { channelScope } from '../shared/ipc/scope';
import { startFreshMachine, type FreshMachine } from './support/fresh-machine';
import {
  makeCertificate,
  startFakeTeamServer,
  type FakeTeamServer,
  type TestCertificate,
} from './support/test-certificates';
import { removeDir, tempDir, windowCaller } from './support/services';
import { callApi, startTestServer } from './support/team-server';

describe('connection:* over the desktop pipeline (validation, scope, nothing written on a refusal)', () => {
  let dir: string;
  let cert: TestCertificate;
  let fake: FakeTeamServer;
  let m: FreshMachine;
  const call = (channel: string, payload?: unknown, over = {}) =>
    m.pipeline.dispatch(windowCaller('w1', over).caller, channel, payload);
  const saved = () => existsSync(join(m.userDataDir, CONNECTION_FILE));

  beforeAll(async () => {
    dir = tempDir('portcullis-conn-ipc-');
    cert = makeCertificate(dir, 'portcullis-test');
    fake = await startFakeTeamServer(cert);
    m = startFreshMachine();
  });
  afterAll(async () => {
    await m.close();
    await fake.close();
    removeDir(dir);
  });

  it('every connection:* channel is the desktop’s own: never relayed, never served over HTTP', () => {
    const names = CHANNELS.filter((c) => c.startsWith('connection:'));
    expect(names.sort()).toEqual([
      'connection:chooseCaFile',
      'connection:current',
      'connection:forget',
      'connection:probe',
      'connection:save',
    ]);
    for (const n of names) expect(channelScope(n), n).toBe('desktop');
  });

  it('a team server does not serve connection:* over HTTP (404), so no script can repoint a desktop', async () => {
    const t = await startTestServer({ keychain: new KeyFileKeychain(join(dir, 'server-keys.json')) });
    try {
      const payloads: Record<string, unknown> = {
        'connection:save': { url: fake.url, pinnedFingerprint: cert.fingerprint },
        'connection:probe': { url: fake.url },
        'connection:forget': {},
        'connection:current': {},
        'connection:chooseCaFile': {},
      };
      for (const [name, payload] of Object.entries(payloads)) {
        const r = await callApi(t.url, name, payload);
        expect([name, r.status, r.body.code]).toEqual([name, 404, 'unknown_channel']);
      }
      expect(fake.asked).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('refuses malformed payloads with invalid_input and writes nothing', async () => {
    const bad: unknown[] = [
      undefined,
      {},
      { url: 5 },
      { url: fake.url },
      { url: fake.url, pinnedFingerprint: 'AB'.repeat(31) },
      { url: fake.url, pinnedFingerprint: 'ZZ'.repeat(32) },
      { url: fake.url, pinnedFingerprint: cert.fingerprint, caFile: '/etc/ssl/ca.pem' },
      { url: fake.url, pinnedFingerprint: cert.fingerprint, extra: 1 },
      { url: 'x'.repeat(2049), pinnedFingerprint: cert.fingerprint },
      { url: fake.url, caFile: '' },
      { url: `http://10.1.2.3:8443`, pinnedFingerprint: cert.fingerprint },
      { url: `${fake.url}/path`, pinnedFingerprint: cert.fingerprint },
    ];
    for (const payload of bad) {
      const r = await call('connection:save', payload);
      expect(r.ok, JSON.stringify(payload)).toBe(false);
      if (!r.ok) expect(r.code, JSON.stringify(payload)).toBe('invalid_input');
    }
    for (const payload of [undefined, { url: '' }, { url: fake.url, extra: true }]) {
      const r = await call('connection:probe', payload);
      expect(r.ok ? 'ok' : r.code).toBe('invalid_input');
    }
    expect((await call('connection:current', { any: 1 })).ok).toBe(false);
    expect(saved()).toBe(false);
    // Not even the user-data folder was created.
    expect(existsSync(m.userDataDir)).toBe(false);
  });

  it('a window from another page is refused before anything is probed or saved', async () => {
    const before = fake.asked.length;
    const r = await call(
      'connection:save',
      { url: fake.url, pinnedFingerprint: cert.fingerprint },
      { frameUrl: 'https://evil.example/' },
    );
    expect(r.ok ? 'ok' : r.code).toBe('forbidden_sender');
    expect(fake.asked.length).toBe(before);
    expect(saved()).toBe(false);
  });

  it('probe, then save the fingerprint as a person types it (lower case, groups of four), current and forget', async () => {
    const p = await call('connection:probe', { url: ` ${fake.url} ` });
    expect(p).toMatchObject({ ok: true, value: { certificate: { fingerprint256: cert.fingerprint } } });
    const typed = cert.fingerprint
      .replace(/:/g, '')
      .toLowerCase()
      .replace(/(.{4})(?!$)/g, '$1 ');
    const s = await call('connection:save', { url: fake.url, pinnedFingerprint: typed });
    expect(s).toMatchObject({ ok: true, value: { switched: false } });
    expect(JSON.parse(readFileSync(join(m.userDataDir, CONNECTION_FILE), 'utf8'))).toEqual({
      url: fake.url,
      trust: { kind: 'pinned', fingerprint256: cert.fingerprint },
    });
    const c = await call('connection:current');
    expect(c).toMatchObject({ ok: true, value: { kind: 'local', pending: { url: fake.url } } });
    expect(await call('connection:forget')).toMatchObject({ ok: true, value: { switched: true } });
    expect(saved()).toBe(false);
  });

  it('a refused save leaves an earlier saved connection as it was', async () => {
    expect((await call('connection:save', { url: fake.url, pinnedFingerprint: cert.fingerprint })).ok).toBe(
      true,
    );
    const before = readFileSync(join(m.userDataDir, CONNECTION_FILE), 'utf8');
    const r = await call('connection:save', { url: fake.url, pinnedFingerprint: 'AB'.repeat(32) });
    expect(r.ok ? 'ok' : r.details?.reason).toBe('certificate_changed');
    expect(readFileSync(join(m.userDataDir, CONNECTION_FILE), 'utf8')).toBe(before);
    await call('connection:forget');
  });
});
