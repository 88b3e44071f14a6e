import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, vi } from 'vitest';
import { app, BrowserWindow, Menu, type FakeWebContents } from './fake-electron';
import { APP_ORIGIN, removeDir, tempDir } from './services';
import { createMainWindow } from '../../electron/main/windows/main-window';
import type { Result } from '../../shared/result';

// Shared by the Electron shell tests (each test file mocks 'electron' with ./fake-electron).

/** A URL of the app's own page, as the e2e harness serves it. */
export const TRUSTED_URL = `${APP_ORIGIN}/index.html#/`;

/** The fake behind the BrowserWindow the shell created last. */
export function lastWindow(): BrowserWindow {
  const win = BrowserWindow.created.at(-1);
  if (!win) throw new Error('The shell created no BrowserWindow.');
  return win;
}

/** A hardened main window (from createMainWindow) showing `url`. */
export async function mainWindowAt(url: string): Promise<FakeWebContents> {
  await createMainWindow({ preloadPath: '/app/out/preload/index.cjs', url });
  return lastWindow().webContents;
}

/** Every role in the application menu, lower-cased as Electron stores them. */
export function menuRoles(): string[] {
  return (Menu.getApplicationMenu()?.allItems() ?? []).flatMap((i) => (i.role ? [i.role] : []));
}

/** Narrows an IPC answer to a Result, so a non-Result reply fails the test. */
export function asResult(value: unknown): Result<unknown> {
  expect(value).toMatchObject({ ok: expect.any(Boolean) as unknown });
  return value as Result<unknown>;
}

/** What every main window must be created with (Electron security checklist); DevTools only in development. */
export function hardened(preload: string, devTools = true) {
  return {
    preload,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    disableBlinkFeatures: 'Auxclick',
    devTools,
  };
}

/** Environment variables the composition root reads; cleared for each start and restored after. */
const START_ENV = ['ELECTRON_RENDERER_URL', 'PORTCULLIS_DB', 'NODE_OPTIONS', 'ELECTRON_ENABLE_LOGGING'];

/**
 * Hooks for tests that start the app (electron/main/index.ts): a clean environment and argv, a
 * fresh userData folder, fresh modules; afterwards the database is closed and everything restored.
 */
export function useAppStart(): { dir: () => string; start: () => Promise<void> } {
  let saved: Record<string, string | undefined> = {};
  let argv: string[] = [];
  let dir = '';
  beforeEach(() => {
    saved = Object.fromEntries(START_ENV.map((key) => [key, process.env[key]]));
    for (const key of START_ENV) Reflect.deleteProperty(process.env, key);
    argv = [...process.argv];
    dir = tempDir();
    app.paths.userData = join(dir, 'userData');
    vi.resetModules();
  });
  afterEach(async () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) Reflect.deleteProperty(process.env, key);
      else process.env[key] = value;
    }
    process.argv.splice(0, process.argv.length, ...argv);
    // 'will-quit' closes the database (after the shutdown checkpoint; the app holds the quit with
    // preventDefault until then); SQLite removes the WAL file on the last close.
    app.emit('will-quit', { preventDefault: () => undefined });
    const wal = join(app.paths.userData ?? dir, 'portcullis.db-wal');
    await vi.waitFor(() => {
      expect(existsSync(wal)).toBe(false);
    });
    removeDir(dir);
  });
  /** Imports index.ts (which starts the app) and waits until it has loaded a window or exited. */
  const start = async (): Promise<void> => {
    await import('../../electron/main/index');
    await vi.waitFor(() => {
      expect(
        app.count('exit') +
          app.count('quit') +
          (BrowserWindow.created.at(-1)?.webContents.loaded.length ?? 0),
      ).toBe(1);
    });
  };
  return { dir: () => dir, start };
}
