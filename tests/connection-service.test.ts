import { existsSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyFileKeychain } from '../electron/main/adapters/key-file.keychain';
import { CONNECTION_FILE, type TeamServerConnection } from '../electron/main/remote/connection';
import { ConnectionService } from '../electron/main/services/connection/connection.service';
import { AppError } from '../shared/result';
import {
  makeCertificate,
  startFakeTeamServer,
  type FakeTeamServer,
  type TestCertificate,
} from './support/test-certificates';
import { removeDir, tempDir } from './support/services';
import { startTestServer } from './support/team-server';

/** The AppError a promise rejects with (fails the test when it resolves). */
async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

describe('ConnectionService: probe and save a team server (real loopback HTTPS, self-signed)', () => {
  let dir: string;
  let a: TestCertificate;
  let b: TestCertificate;
  let fake: FakeTeamServer;
  let userData: string;
  const folders: string[] = [];
  const file = () => join(userData, CONNECTION_FILE);

  beforeAll(async () => {
    dir = tempDir('portcullis-conn-');
    a = makeCertificate(dir, 'portcullis-test');
    b = makeCertificate(dir, 'someone-else');
    fake = await startFakeTeamServer(a);
  });
  afterAll(async () => {
    await fake.close();
    for (const f of folders) removeDir(f);
    removeDir(dir);
  });
  const fresh = (): ConnectionService => {
    userData = tempDir('portcullis-conn-ud-');
    folders.push(userData);
    return new ConnectionService({ userDataDir: userData, timeoutMs: 5_000 });
  };

  it('probe shows the SHA-256 fingerprint openssl computes, the names and validity, and the server name from /health and /openapi.json', async () => {
    fake.swap(a);
    const p = await fresh().probe(`${fake.url}/`);
    expect(p.url).toBe(fake.url);
    expect(p.certificate?.fingerprint256).toBe(a.fingerprint);
    expect(p.certificate).toMatchObject({
      subject: 'portcullis-test',
      issuer: 'portcullis-test',
      current: true,
      caTrusted: null,
    });
    expect(p.healthy).toBe(true);
    expect(p.server).toEqual({ name: 'Portcullis team server', version: '1' });
    expect(fake.asked).toContain('/health');
    expect(existsSync(file())).toBe(false);
  });

  it('probe of the real team server (portcullis serve over TLS) answers healthy with its name', async () => {
    const kdir = tempDir('portcullis-conn-srv-');
    const t = await startTestServer({
      tls: { cert: a.cert, key: a.key },
      keychain: new KeyFileKeychain(join(kdir, 'server-keys.json')),
    });
    try {
      const p = await fresh().probe(t.url);
      expect(p.certificate?.fingerprint256).toBe(a.fingerprint);
      expect(p.healthy).toBe(true);
      expect(p.server?.name).toBe('Portcullis team server');
    } finally {
      await t.close();
      removeDir(kdir);
    }
  });

  it('refuses plain http beyond loopback, a path, or credentials in the address before connecting', async () => {
    const s = fresh();
    for (const url of [
      'http://10.0.0.1:8443',
      'http://portcullis.example.org',
      `${fake.url}/api`,
      'https://u:p@127.0.0.1:1',
      'not a url',
    ])
      expect((await refusal(s.probe(url))).details?.reason, url).toBe('address');
  });

  it('says unreachable for a closed port, and not a Portcullis server for a web server that is not one', async () => {
    const port = await closedPort();
    const e = await refusal(fresh().probe(`https://127.0.0.1:${port}`));
    expect(e.details?.reason).toBe('unreachable');
    expect(e.message).toContain(`127.0.0.1:${port}`);
    const other = await startFakeTeamServer(b, { portcullis: false });
    try {
      const s = fresh();
      const p = await s.probe(other.url);
      expect(p.healthy).toBe(false);
      expect(p.certificate?.fingerprint256).toBe(b.fingerprint);
      const refused = await refusal(s.save({ url: other.url, pinnedFingerprint: b.fingerprint }));
      expect(refused.details?.reason).toBe('not_portcullis');
      expect(existsSync(file())).toBe(false);
    } finally {
      await other.close();
    }
  });

  it('says the address is not an https server when a plain http server answers there', async () => {
    const plain = createHttpServer((_req, res) => res.end('hello'));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = plain.address() as AddressInfo;
      const e = await refusal(fresh().probe(`https://127.0.0.1:${port}`));
      expect(e.details?.reason).toBe('tls');
    } finally {
      await new Promise((resolve) => plain.close(resolve));
    }
  });

  it('saves the confirmed pin (address and fingerprint only) and says restart when the app cannot switch', async () => {
    fake.swap(a);
    const s = fresh();
    const r = await s.save({ url: fake.url, pinnedFingerprint: a.fingerprint });
    expect(r.switched).toBe(false);
    expect(r.current).toEqual({
      kind: 'local',
      databaseFile: null,
      pending: { url: fake.url, host: new URL(fake.url).host },
    });
    expect(JSON.parse(readFileSync(file(), 'utf8'))).toEqual({
      url: fake.url,
      trust: { kind: 'pinned', fingerprint256: a.fingerprint },
    });
  });

  it('switches the window through the app hook and shows the server and its pin; forget goes back to this computer', async () => {
    fake.swap(a);
    const s = fresh();
    const switched: (TeamServerConnection | null)[] = [];
    s.setActive({ server: null, databaseFile: '/home/ann/.config/Portcullis/portcullis.db' });
    s.setSwitcher((c) => {
      switched.push(c);
      return Promise.resolve();
    });
    const r = await s.save({ url: fake.url, pinnedFingerprint: a.fingerprint });
    expect(r.switched).toBe(true);
    expect(s.current()).toEqual({
      kind: 'server',
      url: fake.url,
      host: new URL(fake.url).host,
      fingerprint256: a.fingerprint,
      caFile: null,
    });
    const f = await s.forget();
    expect(f).toEqual({
      switched: true,
      current: { kind: 'local', databaseFile: '/home/ann/.config/Portcullis/portcullis.db', pending: null },
    });
    expect(switched).toEqual([
      { url: fake.url, trust: { kind: 'pinned', fingerprint256: a.fingerprint } },
      null,
    ]);
    expect(existsSync(file())).toBe(false);
  });

  it('refuses a certificate that changed between probe and save, naming both fingerprints, and saves nothing', async () => {
    fake.swap(a);
    const s = fresh();
    const seen = await s.probe(fake.url);
    fake.swap(b);
    const e = await refusal(
      s.save({ url: fake.url, pinnedFingerprint: seen.certificate?.fingerprint256 ?? '' }),
    );
    expect(e.details).toMatchObject({
      reason: 'certificate_changed',
      expected: a.fingerprint,
      actual: b.fingerprint,
    });
    expect(e.message).toContain(a.fingerprint);
    expect(e.message).toContain(b.fingerprint);
    expect(existsSync(file())).toBe(false);
    fake.swap(a);
  });

  it('a CA file: saved when the CA vouches for the server, refused (nothing saved) when it does not', async () => {
    const ca = makeCertificate(dir, 'test-ca', { ca: true });
    const leaf = makeCertificate(dir, 'ca-signed', { issuer: ca });
    const signed = await startFakeTeamServer(leaf);
    try {
      const s = fresh();
      const p = await s.probe(signed.url, ca.certFile);
      expect(p.certificate?.caTrusted).toBe(true);
      expect((await s.probe(signed.url, b.certFile)).certificate?.caTrusted).toBe(false);
      const wrong = await refusal(s.save({ url: signed.url, caFile: b.certFile }));
      expect(wrong.details?.reason).toBe('ca_untrusted');
      expect(existsSync(file())).toBe(false);
      const notPem = await refusal(s.save({ url: signed.url, caFile: join(dir, 'ca-signed.key') }));
      expect(notPem.details?.reason).toBe('ca_file');
      await s.save({ url: signed.url, caFile: ca.certFile });
      expect(JSON.parse(readFileSync(file(), 'utf8'))).toEqual({
        url: signed.url,
        trust: { kind: 'ca', caFile: ca.certFile },
      });
    } finally {
      await signed.close();
    }
  });

  it('without a user-data folder, save and forget are refused before any network or file access', async () => {
    const s = new ConnectionService({});
    const e = await refusal(s.save({ url: fake.url, pinnedFingerprint: a.fingerprint }));
    expect(e.details?.reason).toBe('no_folder');
    expect((await refusal(s.forget())).details?.reason).toBe('no_folder');
    expect(s.current()).toEqual({ kind: 'local', databaseFile: null, pending: null });
  });
});
