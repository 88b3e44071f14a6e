import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyFileKeychain } from '../electron/main/adapters/key-file.keychain';
import { MemoryLogger } from '../electron/main/adapters/logger';
import type { Caller } from '../electron/main/ipc/pipeline';
import {
  loadConnection,
  saveConnection,
  CONNECTION_FILE,
  type TeamServerConnection,
} from '../electron/main/remote/connection';
import { chooseDirectory, RemoteDirectory } from '../electron/main/remote';
import { probeCertificate } from '../electron/main/remote/transport';
import type { PushEvents } from '../shared/ipc/events';
import { startFreshMachine, type FreshMachine } from './support/fresh-machine';
import { OWNER } from './support/people';
import { totpCode } from '../electron/main/security/totp';
import { APP_ORIGIN, removeDir, tempDir } from './support/services';
import { startTestServer, type TestServer } from './support/team-server';
import { selfSigned } from './support/self-signed';

/** Every file under a folder, read as bytes. */
function filesUnder(dir: string): { path: string; bytes: Buffer }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((p) => join(dir, p))
    .filter((p) => statSync(p).isFile())
    .map((p) => ({ path: p, bytes: readFileSync(p) }));
}

/** A window of the desktop: its pushes are collected. */
function window(key: string): Caller & { pushed: { event: string; payload: unknown }[] } {
  const pushed: { event: string; payload: unknown }[] = [];
  return {
    key,
    frameUrl: `${APP_ORIGIN}/index.html#/`,
    isMainFrame: true,
    client: { ip: '127.0.0.1', userAgent: 'desktop test' },
    push: (event, payload) => pushed.push({ event, payload }),
    pushed,
  };
}

/** The session token the relay holds for a window (main-process memory; the test peeks to search for it). */
function heldToken(relay: RemoteDirectory, key: string): string {
  const token = (relay as unknown as { windows: Map<string, { token?: string }> }).windows.get(key)?.token;
  if (!token) throw new Error('the relay holds no token for this window');
  return token;
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
}

/** The pinned connection the first test saves (built here so each test can run alone). */
let saved: () => TeamServerConnection;

describe('a desktop connected to a team server (RemoteDirectory)', () => {
  let dir: string;
  let t: TestServer;
  let machine: FreshMachine;
  let pem: ReturnType<typeof selfSigned>;
  let other: ReturnType<typeof selfSigned>;
  const keyFile = () => join(dir, 'server-keys.json');

  beforeAll(async () => {
    dir = tempDir('portcullis-remote-');
    pem = selfSigned(dir, 'portcullis-test');
    other = selfSigned(dir, 'someone-else');
    t = await startTestServer({
      tls: { cert: pem.cert, key: pem.key },
      keychain: new KeyFileKeychain(keyFile()),
    });
    machine = startFreshMachine();
    saved = () => ({ url: t.url, trust: { kind: 'pinned', fingerprint256: pem.fingerprint } });
  });
  afterAll(async () => {
    await machine.close();
    await t.close();
    removeDir(dir);
  });

  it('shows the certificate fingerprint, pins it, signs a window in through the relay and lists users; the token stays in main memory', async () => {
    const shown = await probeCertificate(t.url);
    expect(shown.fingerprint256).toBe(pem.fingerprint);
    saveConnection(machine.userDataDir, {
      url: t.url,
      trust: { kind: 'pinned', fingerprint256: shown.fingerprint256 },
    });
    const connection = loadConnection(machine.userDataDir);
    if (!connection) throw new Error('the connection was not saved');
    expect(connection).toEqual({ url: t.url, trust: { kind: 'pinned', fingerprint256: pem.fingerprint } });
    const relay = new RemoteDirectory(
      connection,
      machine.pipeline,
      (u) => u.startsWith(`${APP_ORIGIN}/`),
      new MemoryLogger(),
    );
    const w = window('wc:1');
    const results: unknown[] = [];
    try {
      const signIn = await relay.dispatch(w, 'auth:signIn', {
        login: OWNER.username,
        password: OWNER.password,
      });
      results.push(signIn);
      expect(signIn).toMatchObject({ ok: true, value: { status: 'signed_in' } });
      const list = await relay.dispatch(w, 'users:list', {});
      results.push(list);
      expect(list.ok).toBe(true);
      expect(JSON.stringify(list)).toContain(OWNER.username);
      results.push(await relay.dispatch(w, 'auth:me', undefined));
      // The session is described by the window's user agent, not the relay's.
      const mine = await relay.dispatch(w, 'sessions:listMine', undefined);
      results.push(mine);
      expect(JSON.stringify(mine)).toContain('desktop test');
      const token = heldToken(relay, w.key);
      expect(token).toMatch(/^pcs_/);
      // The token is in no Result the window received.
      for (const r of results) expect(JSON.stringify(r)).not.toContain(token.slice(4, 40));

      // Neither the user-data folder nor the desktop's keychain holds the token, the database or the directory keys.
      const directoryKeys = Object.values(
        JSON.parse(readFileSync(keyFile(), 'utf8')) as Record<string, string>,
      );
      expect(directoryKeys.length).toBeGreaterThanOrEqual(2);
      const secrets = [
        token,
        token.slice(4, 36),
        t.server.container.database.location,
        join(t.dir, 'portcullis.db'),
        ...directoryKeys,
      ];
      const files = filesUnder(machine.dir);
      expect(files.map((f) => f.path)).toContain(join(machine.userDataDir, CONNECTION_FILE));
      // The scan can fail: the server's own key file does hold the keys.
      expect(directoryKeys.some((k) => readFileSync(keyFile(), 'utf8').includes(k))).toBe(true);
      for (const f of files)
        for (const s of secrets) expect(f.bytes.includes(s), `${s.slice(0, 8)}… in ${f.path}`).toBe(false);
      expect(existsSync(machine.dbPath)).toBe(false);
      expect(await machine.keychainAccounts()).toEqual([]);
      // Signing out through the relay drops the token: the next call is not signed in, and no push arrives.
      expect(await relay.dispatch(w, 'auth:signOut', undefined)).toMatchObject({ ok: true });
      expect(await relay.dispatch(w, 'users:list', {})).toMatchObject({ ok: false, code: 'not_signed_in' });
      await new Promise((r) => setTimeout(r, 100));
      expect(w.pushed).toEqual([]);
    } finally {
      relay.close();
    }
  });

  it('a revocation through another client reaches the window as session:ended through the event stream', async () => {
    const relay = new RemoteDirectory(
      saved(),
      machine.pipeline,
      (u) => u.startsWith(`${APP_ORIGIN}/`),
      new MemoryLogger(),
    );
    const otherDesk = new RemoteDirectory(
      saved(),
      machine.pipeline,
      (u) => u.startsWith(`${APP_ORIGIN}/`),
      new MemoryLogger(),
    );
    const w = window('wc:2');
    try {
      expect(
        (await relay.dispatch(w, 'auth:signIn', { login: OWNER.username, password: OWNER.password })).ok,
      ).toBe(true);
      const sessionId = /^pcs_([0-9a-f]{32})\./.exec(heldToken(relay, w.key))?.[1];
      // Wait for the relay's event stream to be open on the server.
      await until(
        () =>
          t.accessLog.lines.length > 0 &&
          (relay as unknown as { windows: Map<string, { events?: unknown }> }).windows.get(w.key)?.events !==
            undefined,
      );
      // Another desktop (its own relay and window) revokes that session.
      const admin = window('wc:admin');
      expect(
        (await otherDesk.dispatch(admin, 'auth:signIn', { login: OWNER.username, password: OWNER.password }))
          .ok,
      ).toBe(true);
      expect(await otherDesk.dispatch(admin, 'sessions:revokeAny', { sessionId })).toMatchObject({
        ok: true,
      });
      await until(() => w.pushed.length > 0);
      expect(w.pushed).toEqual([
        { event: 'session:ended', payload: { reason: 'revoked' } satisfies PushEvents['session:ended'] },
      ]);
      const after = await relay.dispatch(w, 'users:list', {});
      expect(after).toMatchObject({ ok: false, code: 'not_signed_in' });
      expect(admin.pushed).toEqual([]);
    } finally {
      otherDesk.close();
      relay.close();
    }
  });

  it('a dropped event stream is reopened: a revocation made while it was down still reaches the window', async () => {
    const logger = new MemoryLogger();
    const relay = new RemoteDirectory(
      saved(),
      machine.pipeline,
      (u) => u.startsWith(`${APP_ORIGIN}/`),
      logger,
      50,
    );
    const otherDesk = new RemoteDirectory(
      saved(),
      machine.pipeline,
      (u) => u.startsWith(`${APP_ORIGIN}/`),
      new MemoryLogger(),
    );
    const w = window('wc:10');
    const held = () =>
      (relay as unknown as { windows: Map<string, { events?: IncomingMessage }> }).windows.get(w.key);
    try {
      expect(
        (await relay.dispatch(w, 'auth:signIn', { login: OWNER.username, password: OWNER.password })).ok,
      ).toBe(true);
      const sessionId = /^pcs_([0-9a-f]{32})\./.exec(heldToken(relay, w.key))?.[1];
      await until(() => held()?.events !== undefined);
      // The network drops the stream; the session is revoked before (or while) it comes back.
      held()?.events?.socket.destroy();
      const admin = window('wc:11');
      expect(
        (await otherDesk.dispatch(admin, 'auth:signIn', { login: OWNER.username, password: OWNER.password }))
          .ok,
      ).toBe(true);
      expect(await otherDesk.dispatch(admin, 'sessions:revokeAny', { sessionId })).toMatchObject({
        ok: true,
      });
      await until(() => w.pushed.length > 0);
      expect(w.pushed).toEqual([{ event: 'session:ended', payload: { reason: 'revoked' } }]);
      expect(held()).toBeUndefined();
    } finally {
      otherDesk.close();
      relay.close();
    }
  });

  it('desktop-scope channels stay on the desktop: they never reach the server', async () => {
    const relay = new RemoteDirectory(
      saved(),
      machine.pipeline,
      (u) => u.startsWith(`${APP_ORIGIN}/`),
      new MemoryLogger(),
    );
    const w = window('wc:3');
    try {
      const before = t.accessLog.lines.length;
      const answers = [
        await relay.dispatch(w, 'review:status', { id: 'a'.repeat(32) }),
        await relay.dispatch(w, 'review:list', { id: 'a'.repeat(32) }),
        await relay.dispatch(w, 'clipboard:writeText', { text: 'x' }),
        await relay.dispatch(w, 'auth:createOwner', OWNER),
        await relay.dispatch(w, 'no:such', {}),
      ];
      // The desktop's pipeline answered each (none was sent and failed on the way).
      for (const a of answers) expect(a.ok ? 'ok' : a.code).not.toBe('provider_unavailable');
      expect(answers[4]).toMatchObject({ ok: false, code: 'unknown_channel' });
      const paths = t.accessLog.lines.slice(before).map((l) => String(l.fields?.path));
      expect(paths.filter((p) => /review|clipboard|createOwner|no:such|no%3Asuch/.test(p))).toEqual([]);
      // A directory channel does reach it (the access log sees relayed calls).
      await relay.dispatch(w, 'auth:me', undefined);
      const apiPaths = () =>
        t.accessLog.lines
          .slice(before)
          .map((l) => String(l.fields?.path))
          .filter((p) => p.startsWith('/api/'));
      await until(() => apiPaths().length > 0);
      expect(apiPaths()).toEqual(['/api/auth%3Ame']);
      // An untrusted frame is refused before anything is sent.
      const framed = await relay.dispatch({ ...w, frameUrl: 'https://evil.example/' }, 'users:list', {});
      expect(framed).toMatchObject({ ok: false, code: 'forbidden_sender' });
    } finally {
      relay.close();
    }
  });

  it('a pinned certificate that changes is refused, naming both fingerprints, and nothing is sent', async () => {
    const relay = new RemoteDirectory(
      { url: t.url, trust: { kind: 'pinned', fingerprint256: other.fingerprint } },
      machine.pipeline,
      (u) => u.startsWith(`${APP_ORIGIN}/`),
      new MemoryLogger(),
    );
    try {
      const before = t.accessLog.lines.length;
      const r = await relay.dispatch(window('wc:4'), 'auth:signIn', {
        login: OWNER.username,
        password: OWNER.password,
      });
      expect(r).toMatchObject({ ok: false, code: 'provider_unavailable' });
      expect(r.ok ? '' : r.message).toContain(other.fingerprint);
      expect(r.ok ? '' : r.message).toContain(pem.fingerprint);
      expect(r.ok ? '' : r.message).toMatch(/certificate has changed/);
      await new Promise((res) => setTimeout(res, 50));
      expect(
        t.accessLog.lines.slice(before).filter((l) => String(l.fields?.path).startsWith('/api/')),
      ).toEqual([]);
    } finally {
      relay.close();
    }
  });

  it('with a CA file instead of a pin: the server signed by it is trusted, another CA is refused', async () => {
    const ca = join(dir, 'ca.pem');
    writeFileSync(ca, pem.cert);
    const userData = join(dir, 'ca-desktop');
    saveConnection(userData, { url: t.url, trust: { kind: 'ca', caFile: ca } });
    const chosen = chooseDirectory(userData, machine.pipeline, {
      isTrustedUrl: (u) => u.startsWith(`${APP_ORIGIN}/`),
      logger: new MemoryLogger(),
    });
    expect(chosen.server).toBe(t.url);
    const wrongCa = join(dir, 'wrong-ca.pem');
    writeFileSync(wrongCa, other.cert);
    const wrong = new RemoteDirectory(
      { url: t.url, trust: { kind: 'ca', caFile: wrongCa } },
      machine.pipeline,
      (u) => u.startsWith(`${APP_ORIGIN}/`),
      new MemoryLogger(),
    );
    try {
      const w = window('wc:5');
      expect(
        (
          await chosen.dispatcher.dispatch(w, 'auth:signIn', {
            login: OWNER.username,
            password: OWNER.password,
          })
        ).ok,
      ).toBe(true);
      expect((await chosen.dispatcher.dispatch(w, 'users:list', {})).ok).toBe(true);
      const refused = await wrong.dispatch(window('wc:6'), 'auth:signIn', {
        login: OWNER.username,
        password: OWNER.password,
      });
      expect(refused).toMatchObject({ ok: false, code: 'provider_unavailable' });
      // Without a saved connection the window keeps this computer's pipeline.
      expect(
        chooseDirectory(join(dir, 'none'), machine.pipeline, {
          isTrustedUrl: () => true,
          logger: new MemoryLogger(),
        }),
      ).toMatchObject({ dispatcher: machine.pipeline, server: null });
    } finally {
      chosen.close();
      wrong.close();
    }
  });

  // Last: it turns on 2FA for the owner.
  it('a sign-in with a second factor completes through the relay (the pending step stays in main memory too)', async () => {
    const relay = new RemoteDirectory(
      saved(),
      machine.pipeline,
      (u) => u.startsWith(`${APP_ORIGIN}/`),
      new MemoryLogger(),
    );
    try {
      const first = window('wc:7');
      expect(
        (await relay.dispatch(first, 'auth:signIn', { login: OWNER.username, password: OWNER.password })).ok,
      ).toBe(true);
      const setup = await relay.dispatch(first, 'twoFactor:startTotp', undefined);
      expect(setup).toMatchObject({ ok: true });
      const secret = (setup.ok ? (setup.value as { key: string }).key : '').replace(/ /g, '');
      const confirmed = await relay.dispatch(first, 'twoFactor:confirm', {
        code: await totpCode(secret, Date.now()),
      });
      const backup = confirmed.ok ? (confirmed.value as { backupCodes: string[] }).backupCodes[0] : undefined;
      expect(backup).toBeTruthy();
      const w = window('wc:8');
      const step = await relay.dispatch(w, 'auth:signIn', {
        login: OWNER.username,
        password: OWNER.password,
      });
      expect(step).toMatchObject({ ok: true, value: { status: 'second_step' } });
      expect(await relay.dispatch(w, 'users:list', {})).toMatchObject({ ok: false, code: 'not_signed_in' });
      // Another window has no pending step: the challenge is per window.
      expect((await relay.dispatch(window('wc:9'), 'auth:useBackupCode', { code: backup })).ok).toBe(false);
      expect(await relay.dispatch(w, 'auth:useBackupCode', { code: backup })).toMatchObject({ ok: true });
      expect((await relay.dispatch(w, 'users:list', {})).ok).toBe(true);
      for (const f of filesUnder(machine.dir)) expect(f.bytes.includes(heldToken(relay, w.key))).toBe(false);
    } finally {
      relay.close();
    }
  });
});
