/**
 * The composition root (electron/main/index.ts) against a fake 'electron' module with the real
 * container behind it. Windows: electron-window.test.ts; DevTools and debugging: electron-devtools.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  app,
  BrowserWindow,
  dialog,
  FakeWebContents,
  ipcMain,
  resetFakeElectron,
  protocol,
} from './support/fake-electron';

import { asResult, hardened, lastWindow, useAppStart } from './support/shell';

import { CHANNELS } from '../shared/ipc/contract';

vi.mock('electron', () => import('./support/fake-electron'));

beforeEach(() => {
  resetFakeElectron();
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
    // A computer that never saw a directory: nothing is created until first-run setup.
    expect(existsSync(join(dir(), 'userData', 'portcullis.db'))).toBe(false);
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
    mkdirSync(join(dir(), 'userData'));
    writeFileSync(
      join(dir(), 'userData', 'portcullis.db'),
      'not a database, but a file in its place\n'.repeat(100),
    );
    await startApp();
    expect(dialog.errorBoxes).toHaveLength(1);
    expect(dialog.errorBoxes[0]?.title).toBe('Portcullis cannot start');
    expect(app.calls.filter((c) => c.method === 'exit')).toEqual([{ method: 'exit', args: [1] }]);
    expect(BrowserWindow.created).toHaveLength(0);
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('quitting waits for the shutdown audit checkpoint before the app quits', async () => {
    await startApp();
    const contents = lastWindow().webContents;
    const created = asResult(
      await ipcMain.invoke(
        'auth:createOwner',
        { sender: contents, senderFrame: contents.mainFrame },
        {
          username: 'olivia',
          displayName: 'Olivia Owner',
          email: 'olivia@example.com',
          password: 'a long owner password 1',
        },
      ),
    );
    expect(created).toMatchObject({ ok: true });
    let prevented = false;
    app.emit('will-quit', {
      preventDefault: () => {
        prevented = true;
      },
    });
    expect(prevented).toBe(true);
    expect(app.count('quit')).toBe(0);
    await vi.waitFor(() => {
      expect(app.count('quit')).toBe(1);
    });
    // Not read-only: the last connection to close removes the WAL file, as the app's close did.
    const db = new BetterSqlite3(join(dir(), 'userData', 'portcullis.db'));
    try {
      const last = db.prepare('SELECT reason FROM audit_checkpoints ORDER BY id DESC LIMIT 1').get();
      expect(last).toEqual({ reason: 'shutdown' });
    } finally {
      db.close();
    }
  });

  it('refuses a PostgreSQL URL with an error box (the desktop opens SQLite files only for now), creating nothing', async () => {
    process.env.PORTCULLIS_DB = 'postgres://portcullis@127.0.0.1:1/portcullis';
    await startApp();
    expect(dialog.errorBoxes).toHaveLength(1);
    expect(dialog.errorBoxes[0]?.content).toMatch(/SQLite file only for now.*command line/);
    expect(app.calls.filter((c) => c.method === 'exit')).toEqual([{ method: 'exit', args: [1] }]);
    expect(BrowserWindow.created).toHaveLength(0);
    expect(existsSync(join(dir(), 'userData'))).toBe(false);
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
