/**
 * The Electron-only shell's IPC side (ipcMain registration, preload) and the composition root, run
 * against a fake 'electron' module with the real container behind it. Windows: electron-window.test.ts.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  app,
  BrowserWindow,
  contextBridge,
  dialog,
  FakeFrame,
  FakeWebContents,
  ipcMain,
  ipcRenderer,
  resetFakeElectron,
  protocol,
} from './support/fake-electron';
import { removeDir, startServices, type TestApp } from './support/services';
import { asResult, hardened, lastWindow, mainWindowAt, TRUSTED_URL, useAppStart } from './support/shell';
import { registerIpc } from '../electron/main/ipc/register';
import { CHANNELS } from '../shared/ipc/contract';
import type { PortcullisApi } from '../shared/ipc/api';
import { PUSH_CHANNEL } from '../shared/ipc/events';
import type { Result } from '../shared/result';

vi.mock('electron', () => import('./support/fake-electron'));

const OWNER = {
  username: 'owner1',
  displayName: 'Owner',
  email: 'owner@example.com',
  password: 'a long enough password',
};

beforeEach(() => {
  resetFakeElectron();
});

describe('registerIpc with the real pipeline', () => {
  let testApp: TestApp;
  let dispose: (() => void) | undefined;

  beforeEach(async () => {
    testApp = await startServices();
    dispose = registerIpc(testApp.container.pipeline, (wc) => ({
      ip: '192.0.2.10',
      userAgent: wc.getUserAgent(),
    }));
  });

  afterEach(async () => {
    dispose?.();
    await testApp.close();
    removeDir(testApp.dir);
  });

  /** Invokes `channel` through the fake ipcMain from the given frame of `sender`. */
  async function invoke(
    sender: FakeWebContents,
    senderFrame: FakeFrame | null,
    channel: string,
    payload?: unknown,
  ): Promise<Result<unknown>> {
    return asResult(await ipcMain.invoke(channel, { sender, senderFrame }, payload));
  }

  /** Creates the owner from `contents`' main frame, which binds the new session to that window. */
  async function signInOwner(contents: FakeWebContents): Promise<string> {
    const created = await invoke(contents, contents.mainFrame, 'auth:createOwner', OWNER);
    if (!created.ok) throw new Error(`auth:createOwner failed: ${created.code}`);
    const { session } = created.value as { session: { id: string } };
    return session.id;
  }

  it('registers every contract channel exactly once with handle, nothing else, and removes them all', () => {
    const handled = ipcMain.log.filter((e) => e.op === 'handle').map((e) => e.channel);
    expect(handled).toHaveLength(CHANNELS.length);
    expect([...handled].sort()).toEqual([...CHANNELS].sort());
    expect(ipcMain.log.every((e) => e.op === 'handle')).toBe(true);
    expect(ipcMain.eventNames()).toEqual([]);

    const undo = dispose;
    dispose = undefined;
    undo?.();
    expect(ipcMain.handlers.size).toBe(0);
    expect(
      ipcMain.log
        .filter((e) => e.op === 'removeHandler')
        .map((e) => e.channel)
        .sort(),
    ).toEqual([...CHANNELS].sort());
    // Electron throws on a second handler for a channel, so this proves they are really gone.
    dispose = registerIpc(testApp.container.pipeline, () => ({ ip: '192.0.2.10', userAgent: 'test' }));
    expect(ipcMain.handlers.size).toBe(CHANNELS.length);
  });

  it('answers the app window main frame at a trusted URL', async () => {
    const contents = await mainWindowAt(TRUSTED_URL);
    expect(contents.mainFrame.url).toBe(TRUSTED_URL);
    await expect(invoke(contents, contents.mainFrame, 'auth:needsSetup')).resolves.toEqual({
      ok: true,
      value: { needsSetup: true },
    });
  });

  it('passes the payload through to the schema check', async () => {
    const contents = await mainWindowAt(TRUSTED_URL);
    await expect(
      invoke(contents, contents.mainFrame, 'auth:needsSetup', { extra: 1 }),
    ).resolves.toMatchObject({
      ok: false,
      code: 'invalid_input',
    });
  });

  it('refuses a sub-frame even when it shows a trusted URL', async () => {
    const contents = await mainWindowAt(TRUSTED_URL);
    const subFrame = new FakeFrame(TRUSTED_URL, contents.mainFrame);
    await expect(invoke(contents, subFrame, 'auth:needsSetup')).resolves.toMatchObject({
      ok: false,
      code: 'forbidden_sender',
    });
  });

  it('refuses a main frame at an untrusted or look-alike URL', async () => {
    for (const url of ['https://evil.example/', 'http://portcullis.test.evil.example/index.html#/']) {
      const contents = await mainWindowAt(url);
      await expect(invoke(contents, contents.mainFrame, 'auth:needsSetup'), url).resolves.toMatchObject({
        ok: false,
        code: 'forbidden_sender',
      });
    }
  });

  it('refuses a call whose sender frame is gone', async () => {
    const contents = await mainWindowAt(TRUSTED_URL);
    await expect(invoke(contents, null, 'auth:needsSetup')).resolves.toMatchObject({
      ok: false,
      code: 'forbidden_sender',
    });
  });

  it('records the client facts of the calling window and keeps sessions per window', async () => {
    const first = await mainWindowAt(TRUSTED_URL);
    const second = await mainWindowAt(TRUSTED_URL);
    const created = await invoke(first, first.mainFrame, 'auth:createOwner', OWNER);
    expect(created).toMatchObject({
      ok: true,
      value: { session: { ip: '192.0.2.10', userAgent: first.userAgent } },
    });
    await expect(invoke(first, first.mainFrame, 'auth:me')).resolves.toMatchObject({
      ok: true,
      value: { username: 'owner1' },
    });
    await expect(invoke(second, second.mainFrame, 'auth:me')).resolves.toEqual({ ok: true, value: null });
  });

  it('pushes session:ended on the push channel to the window bound to the session', async () => {
    const contents = await mainWindowAt(TRUSTED_URL);
    const bystander = await mainWindowAt(TRUSTED_URL);
    const sessionId = await signInOwner(contents);
    expect(contents.sent).toEqual([]);

    testApp.container.pipeline.sessionEnded(sessionId, 'revoked');
    expect(contents.sent).toEqual([
      { channel: PUSH_CHANNEL, args: [{ event: 'session:ended', payload: { reason: 'revoked' } }] },
    ]);
    expect(bystander.sent).toEqual([]);
  });

  it('sends nothing to a window whose contents are destroyed', async () => {
    const contents = await mainWindowAt(TRUSTED_URL);
    const sessionId = await signInOwner(contents);
    contents.destroy();
    // The fake's send throws on destroyed contents, as Electron's does.
    expect(() => {
      testApp.container.pipeline.sessionEnded(sessionId, 'revoked');
    }).not.toThrow();
    expect(contents.sent).toEqual([]);
  });
});

describe('preload', () => {
  beforeEach(async () => {
    vi.resetModules();
    await import('../electron/preload/index');
  });

  /** What the preload exposed as window.portcullis. */
  function exposedApi(): PortcullisApi {
    const [entry] = contextBridge.exposed;
    if (!entry) throw new Error('The preload exposed nothing.');
    return entry.api as PortcullisApi;
  }

  /** `{ domain: [verbs] }` of an object, sorted, for shape comparisons. */
  function shapeOf(value: object): Record<string, string[]> {
    return Object.fromEntries(
      Object.entries(value)
        .map(([key, inner]: [string, unknown]) => {
          expect(typeof inner, key).toBe('object');
          const members = Object.entries(inner as object);
          for (const [name, fn] of members) expect(typeof fn, `${key}.${name}`).toBe('function');
          return [key, members.map(([name]) => name).sort()] as const;
        })
        .sort(([a], [b]) => a.localeCompare(b)),
    );
  }

  it('exposes exactly one API, as window.portcullis', () => {
    expect(contextBridge.exposed.map((e) => e.key)).toEqual(['portcullis']);
  });

  it('exposes exactly the contract, grouped by domain, plus events and nothing generic', () => {
    const expected: Record<string, string[]> = { events: ['on'] };
    for (const name of CHANNELS) {
      const [domain, verb] = name.split(':') as [string, string];
      (expected[domain] ??= []).push(verb);
    }
    for (const verbs of Object.values(expected)) verbs.sort();
    expect(shapeOf(exposedApi())).toEqual(expected);
  });

  it('calls ipcRenderer.invoke with the channel and input, and returns its answer', async () => {
    const answer = { ok: false, code: 'invalid_credentials', message: 'no' };
    ipcRenderer.reply = (channel) => (channel === 'auth:signIn' ? answer : undefined);
    await expect(exposedApi().auth.signIn({ login: 'a', password: 'b' })).resolves.toBe(answer);
    expect(ipcRenderer.invoked).toEqual([{ channel: 'auth:signIn', args: [{ login: 'a', password: 'b' }] }]);
  });

  it('maps every verb to its own channel and passes the input through unchanged', async () => {
    const api = exposedApi() as unknown as Record<
      string,
      Record<string, (input: unknown) => Promise<unknown>>
    >;
    for (const name of CHANNELS) {
      const [domain, verb] = name.split(':') as [string, string];
      const method = api[domain]?.[verb];
      expect(method, name).toBeTypeOf('function');
      await method?.({ marker: name });
      expect(ipcRenderer.invoked.at(-1), name).toEqual({ channel: name, args: [{ marker: name }] });
    }
    expect(ipcRenderer.invoked).toHaveLength(CHANNELS.length);
    await exposedApi().auth.me();
    expect(ipcRenderer.invoked.at(-1)).toEqual({ channel: 'auth:me', args: [undefined] });
  });

  it('listens only on the push channel and delivers its events to api.events listeners', () => {
    expect(ipcRenderer.eventNames()).toEqual([PUSH_CHANNEL]);
    expect(ipcRenderer.listenerCount(PUSH_CHANNEL)).toBe(1);
    const received: unknown[] = [];
    const off = exposedApi().events.on('session:ended', (payload) => received.push(payload));

    ipcRenderer.deliver('some:other-channel', { event: 'session:ended', payload: { reason: 'expired' } });
    ipcRenderer.deliver(PUSH_CHANNEL, { event: 'session:ended', payload: { reason: 'revoked' } });
    expect(received).toEqual([{ reason: 'revoked' }]);

    off();
    ipcRenderer.deliver(PUSH_CHANNEL, { event: 'session:ended', payload: { reason: 'signed_out' } });
    expect(received).toEqual([{ reason: 'revoked' }]);
  });
});

describe('composition root (electron/main/index.ts)', () => {
  const { dir, start: startApp } = useAppStart();

  it('starts hardened: name, sandbox before ready, every channel, one window with the preload', async () => {
    await startApp();
    const order = app.calls.map((c) => c.method);
    expect(app.calls[0]).toEqual({ method: 'setName', args: ['Portcullis'] });
    expect(order.indexOf('enableSandbox')).toBeLessThan(order.indexOf('whenReady'));
    expect(ipcMain.handlers.size).toBe(CHANNELS.length);
    expect(BrowserWindow.created).toHaveLength(1);
    const win = lastWindow();
    const preload = win.options.webPreferences?.preload ?? '';
    expect(preload).toMatch(/[\\/]preload[\\/]index\.cjs$/);
    expect(win.options.webPreferences).toEqual(hardened(preload));
    // The packaged renderer comes from app://portcullis/, never file://.
    expect(protocol.privileged.map((p) => p.scheme)).toEqual(['app']);
    expect(protocol.handlers.has('app')).toBe(true);
    expect(win.webContents.loaded).toEqual(['app://portcullis/index.html']);
    expect(existsSync(join(dir(), 'userData', 'portcullis.db'))).toBe(true);
  });

  it('answers the packaged renderer page (app:// URL with a hash route)', async () => {
    await startApp();
    const contents = lastWindow().webContents;
    expect(contents.mainFrame.url).toBe('app://portcullis/index.html');
    contents.mainFrame.url += '#/users';
    const answer = asResult(
      await ipcMain.invoke('auth:needsSetup', { sender: contents, senderFrame: contents.mainFrame }),
    );
    expect(answer).toEqual({ ok: true, value: { needsSetup: true } });
    const evil = new FakeWebContents();
    evil.mainFrame.url = 'https://evil.example/';
    await expect(
      ipcMain.invoke('auth:needsSetup', { sender: evil, senderFrame: evil.mainFrame }),
    ).resolves.toMatchObject({
      code: 'forbidden_sender',
    });
  });

  // electron-vite sets ELECTRON_RENDERER_URL without a trailing slash; Chromium shows the page
  // as 'http://localhost:5173/#/'. index.ts compares URLs parsed and without the hash.
  it('answers the dev server page when ELECTRON_RENDERER_URL has no trailing slash', async () => {
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173';
    await startApp();
    const contents = lastWindow().webContents;
    expect(contents.mainFrame.url).toBe('http://localhost:5173/');
    contents.mainFrame.url += '#/';
    const answer = asResult(
      await ipcMain.invoke('auth:needsSetup', { sender: contents, senderFrame: contents.mainFrame }),
    );
    expect(answer).toEqual({ ok: true, value: { needsSetup: true } });
  });

  it('shows an error box and exits with 1 when the database cannot be opened', async () => {
    const blocker = join(dir(), 'not-a-folder');
    writeFileSync(blocker, '');
    app.paths.userData = blocker;
    await startApp();
    expect(dialog.errorBoxes).toHaveLength(1);
    expect(dialog.errorBoxes[0]?.title).toBe('Portcullis cannot start');
    expect(app.calls.filter((c) => c.method === 'exit')).toEqual([{ method: 'exit', args: [1] }]);
    expect(BrowserWindow.created).toHaveLength(0);
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('quits at once without a window when another instance runs', async () => {
    app.singleInstanceLock = false;
    await startApp();
    expect(app.count('quit')).toBe(1);
    expect(app.count('whenReady')).toBe(0);
    expect(BrowserWindow.created).toHaveLength(0);
    expect(ipcMain.handlers.size).toBe(0);
  });
});
