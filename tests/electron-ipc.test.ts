/**
 * The Electron shell's IPC registration (ipcMain, sender checks, push events) against a fake
 * 'electron' module with the real pipeline behind it. Preload: electron-preload.test.ts.
 */

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeFrame, FakeWebContents, ipcMain, resetFakeElectron } from './support/fake-electron';
import { removeDir, startServices, type TestApp } from './support/services';
import { asResult, mainWindowAt, TRUSTED_URL } from './support/shell';
import { registerIpc } from '../electron/main/ipc/register';
import { CHANNELS } from '../shared/ipc/contract';

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
