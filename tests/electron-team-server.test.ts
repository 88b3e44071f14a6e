/**
 * The composition root with a saved team server connection (issue 19 item 3), against the fake
 * 'electron' and a real team server on loopback: the window's directory channels are relayed to
 * the server and its revocations arrive as push events; the desktop never opens a database of its
 * own nor touches the keychain; a damaged connection file stops the app with what to do; a
 * connection saved while the app runs switches the window at once (SwitchableDispatcher).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { KeyFileKeychain } from '../electron/main/adapters/key-file.keychain';
import { CONNECTION_FILE, saveConnection } from '../electron/main/remote/connection';
import { PUSH_CHANNEL } from '../shared/ipc/events';
import { app, BrowserWindow, dialog, ipcMain, resetFakeElectron } from './support/fake-electron';
import { OWNER } from './support/people';
import { selfSigned, type SelfSigned } from './support/self-signed';
import { removeDir, tempDir } from './support/services';
import { asResult, useAppStart } from './support/shell';
import { callApi, signInHttp, startTestServer, type TestServer } from './support/team-server';

vi.mock('electron', () => import('./support/fake-electron'));

beforeEach(() => {
  resetFakeElectron();
});

/** Calls a channel from the main frame of the app's main window. */
async function call(channel: string, payload: unknown = {}) {
  const main = BrowserWindow.created[0];
  if (!main) throw new Error('The app made no window.');
  const contents = main.webContents;
  return asResult(
    await ipcMain.invoke(channel, { sender: contents, senderFrame: contents.mainFrame }, payload),
  );
}

/** Spies on the keychain module index.ts is about to import (after the shell's module reset). */
async function spyKeychain() {
  const { KeytarKeychain } = await import('../electron/main/adapters/keytar.keychain');
  return [
    vi.spyOn(KeytarKeychain.prototype, 'get'),
    vi.spyOn(KeytarKeychain.prototype, 'set'),
    vi.spyOn(KeytarKeychain.prototype, 'delete'),
  ];
}

describe('a desktop with a saved team server connection', () => {
  const { dir, start } = useAppStart();
  let serverDir: string;
  let t: TestServer;
  const userData = () => join(dir(), 'userData');

  beforeAll(async () => {
    serverDir = tempDir('portcullis-shell-server-');
    // The server's keys live in a key file of its own, so any keychain call below is the desktop's.
    t = await startTestServer({ keychain: new KeyFileKeychain(join(serverDir, 'server-keys.json')) });
  });
  afterAll(async () => {
    await t.close();
    removeDir(serverDir);
  });

  it('relays directory channels to the server, hears its revocation, and never opens a database or the keychain', async () => {
    saveConnection(userData(), { url: t.url, trust: { kind: 'none' } });
    const keychain = await spyKeychain();
    await start();
    // A fresh computer would ask for first-run setup; the server has its owner.
    expect(await call('auth:needsSetup')).toEqual({ ok: true, value: { needsSetup: false } });
    const signedIn = await call('auth:signIn', { login: OWNER.username, password: OWNER.password });
    expect(signedIn).toMatchObject({ ok: true, value: { status: 'signed_in' } });
    const users = await call('users:list', { pageSize: 10 });
    expect(users).toMatchObject({ ok: true });
    expect(JSON.stringify(users)).toContain(OWNER.username);
    expect(t.accessLog.lines.map((l) => decodeURIComponent(String(l.fields?.path)))).toContain(
      '/api/users:list',
    );
    // Desktop channels stay on this computer.
    expect(await call('review:trustedSigners')).toEqual({ ok: true, value: [] });

    // The owner ends her other sessions from a script; the window is told through the event stream.
    const token = await signInHttp(t.url, OWNER.username, OWNER.password);
    // (Her sessions: the window's, and the one from creating her account on the server.)
    expect((await callApi(t.url, 'sessions:revokeOthers', {}, { token })).body).toEqual({
      ok: true,
      value: { count: 2 },
    });
    const contents = BrowserWindow.created[0]?.webContents;
    await vi.waitFor(() => {
      expect(contents?.sent).toContainEqual({
        channel: PUSH_CHANNEL,
        args: [{ event: 'session:ended', payload: { reason: 'revoked' } }],
      });
    });
    expect(await call('auth:me')).toEqual({ ok: true, value: null }); // signed out

    // Nothing of the directory on this computer: the connection file alone, no session token in it.
    expect(readdirSync(userData())).toEqual([CONNECTION_FILE]);
    expect(existsSync(join(userData(), 'portcullis.db'))).toBe(false);
    expect(readFileSync(join(userData(), CONNECTION_FILE), 'utf8')).not.toMatch(/pcs_|password|key/i);
    for (const spy of keychain) expect(spy).not.toHaveBeenCalled();
  });

  it("saves an audit export and the public key file from the server through this computer's save dialog", async () => {
    saveConnection(userData(), { url: t.url, trust: { kind: 'none' } });
    // The app's native dialog (index.ts gives it to the relay) answers a path on this computer.
    const { ElectronFileDialog } = await import('../electron/main/app/file-dialog');
    const answers = [join(dir(), 'from-server.jsonl'), join(dir(), 'signer.json')];
    const asked = vi
      .spyOn(ElectronFileDialog.prototype, 'chooseSavePath')
      .mockImplementation(() => Promise.resolve(answers.shift() ?? null));
    await start();
    await call('auth:signIn', { login: OWNER.username, password: OWNER.password });
    let job = (await call('audit:export', { filter: {}, format: 'jsonl' })) as {
      ok: boolean;
      value: { id: string; state: string; path: string };
    };
    expect(job).toMatchObject({
      ok: true,
      value: { state: 'running', path: join(dir(), 'from-server.jsonl') },
    });
    const id = job.value.id;
    await vi.waitFor(
      async () => {
        job = (await call('audit:exportStatus', { id })) as typeof job;
        expect(job.value.state).not.toBe('running');
      },
      { timeout: 10_000, interval: 50 },
    );
    expect(job.value.state).toBe('done');
    expect(readFileSync(join(dir(), 'from-server.jsonl'), 'utf8')).toMatch(/^\{.*\n(.*\n)+$/);
    const key = await call('audit:savePublicKeyFile');
    expect(key).toMatchObject({ ok: true, value: { path: join(dir(), 'signer.json') } });
    const fingerprint = (await t.server.container.services.signingKeys.describe())?.fingerprint;
    expect(JSON.parse(readFileSync(join(dir(), 'signer.json'), 'utf8'))).toMatchObject({ fingerprint });
    expect(asked).toHaveBeenCalledTimes(2);
    // Nothing of the directory was written into the user-data folder.
    expect(readdirSync(userData())).toEqual([CONNECTION_FILE]);
  });

  it('a damaged connection file: the app says which file and what to do, opens no window and no database', async () => {
    saveConnection(userData(), { url: t.url, trust: { kind: 'none' } });
    writeFileSync(join(userData(), CONNECTION_FILE), '{"url": "http://127.0.0.1:1", "tru');
    await start();
    expect(dialog.errorBoxes).toHaveLength(1);
    expect(dialog.errorBoxes[0]?.title).toBe('Portcullis cannot start');
    expect(dialog.errorBoxes[0]?.content).toContain(join(userData(), CONNECTION_FILE));
    expect(dialog.errorBoxes[0]?.content).toMatch(/damaged.*Delete/);
    expect(app.count('exit')).toBe(1);
    expect(BrowserWindow.created).toHaveLength(0);
    expect(existsSync(join(userData(), 'portcullis.db'))).toBe(false);
  });

  it('a connection file naming a plain http:// server off this machine is refused the same way', async () => {
    saveConnection(userData(), { url: t.url, trust: { kind: 'none' } });
    writeFileSync(
      join(userData(), CONNECTION_FILE),
      JSON.stringify({ url: 'http://10.0.0.5:8080', trust: { kind: 'none' } }),
    );
    await start();
    expect(dialog.errorBoxes[0]?.content).toMatch(/clear text.*Delete/);
    expect(BrowserWindow.created).toHaveLength(0);
  });
});

describe('a desktop that connects while running (connection:save, no restart)', () => {
  const { dir, start } = useAppStart();
  let serverDir: string;
  let t: TestServer;
  let pem: SelfSigned;
  const userData = () => join(dir(), 'userData');

  beforeAll(async () => {
    serverDir = tempDir('portcullis-shell-tls-');
    pem = selfSigned(serverDir, 'portcullis-shell-test');
    t = await startTestServer({
      tls: { cert: pem.cert, key: pem.key },
      keychain: new KeyFileKeychain(join(serverDir, 'server-keys.json')),
    });
  });
  afterAll(async () => {
    await t.close();
    removeDir(serverDir);
  });

  it('first run: the window switches to the team server it saved, and back to this computer when it forgets it', async () => {
    const keychain = await spyKeychain();
    await start();
    expect(await call('auth:needsSetup')).toEqual({ ok: true, value: { needsSetup: true } });
    expect(await call('connection:current')).toMatchObject({ ok: true, value: { kind: 'local' } });
    const saved = await call('connection:save', { url: t.url, pinnedFingerprint: pem.fingerprint });
    expect(saved).toMatchObject({ ok: true, value: { switched: true } });
    expect(JSON.stringify(saved)).toContain(t.url);
    // The same window, without a restart, now works on the server's directory.
    expect(await call('auth:needsSetup')).toEqual({ ok: true, value: { needsSetup: false } });
    expect(await call('auth:signIn', { login: OWNER.username, password: OWNER.password })).toMatchObject({
      ok: true,
      value: { status: 'signed_in' },
    });
    expect(await call('auth:me')).toMatchObject({ ok: true, value: { username: OWNER.username } });
    expect(readdirSync(userData())).toEqual([CONNECTION_FILE]);
    for (const spy of keychain) expect(spy).not.toHaveBeenCalled();

    // Forgetting the server: back to this computer, signed out, first-run setup again.
    expect(await call('connection:forget')).toMatchObject({ ok: true, value: { switched: true } });
    expect(await call('auth:me')).toMatchObject({ ok: false, code: 'setup_required' });
    expect(await call('auth:needsSetup')).toEqual({ ok: true, value: { needsSetup: true } });
    expect(existsSync(join(userData(), CONNECTION_FILE))).toBe(false);
  });
});
