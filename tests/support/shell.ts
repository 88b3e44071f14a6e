import { expect } from 'vitest';
import { BrowserWindow, type FakeWebContents } from './fake-electron';
import { APP_ORIGIN } from './services';
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

/** Narrows an IPC answer to a Result, so a non-Result reply fails the test. */
export function asResult(value: unknown): Result<unknown> {
  expect(value).toMatchObject({ ok: expect.any(Boolean) as unknown });
  return value as Result<unknown>;
}

/** What every main window must be created with (Electron security checklist). */
export function hardened(preload: string) {
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
  };
}
