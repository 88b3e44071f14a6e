import { app, BrowserWindow } from 'electron';
import { allowHttpsNavigation } from './main-window';
import type { AuthorizationOpener } from '../services/linked-token/linked-token.service';

const TIMEOUT_MS = 10 * 60_000;

/**
 * The linked service's authorization page in a child window of its own session (no preload,
 * sandboxed). When the provider redirects to `redirectPrefix` the URL is captured, the
 * redirect is never loaded, and the window closes. Closing the window cancels.
 */
export const openLinkedTokenWindow: AuthorizationOpener = (url, redirectPrefix) =>
  new Promise<string>((resolve, reject) => {
    const parent = BrowserWindow.getFocusedWindow() ?? undefined;
    const win = new BrowserWindow({
      width: 520,
      height: 720,
      parent,
      modal: parent !== undefined,
      title: 'flespi',
      autoHideMenuBar: true,
      webPreferences: {
        partition: 'linked-token',
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        webSecurity: true,
        disableBlinkFeatures: 'Auxclick',
        // The captured redirect carries the token: no console on this page in the installed app.
        devTools: !app.isPackaged,
      },
    });
    // The provider's login may span several https pages (e.g. via GitHub or Google).
    allowHttpsNavigation(win.webContents);
    let settled = false;
    const finish = (error: Error | null, value?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!win.isDestroyed()) win.close();
      if (error) reject(error);
      else resolve(value ?? '');
    };
    const timer = setTimeout(() => {
      finish(new Error('the authorization took too long'));
    }, TIMEOUT_MS);
    const capture = (event: { preventDefault(): void; url: string }) => {
      if (!event.url.startsWith(redirectPrefix)) return;
      event.preventDefault();
      finish(null, event.url);
    };
    win.webContents.on('will-redirect', capture);
    win.webContents.on('will-navigate', capture);
    win.on('closed', () => {
      finish(new Error('the window was closed before authorizing'));
    });
    win.loadURL(url).catch((e: unknown) => {
      // Aborted loads are expected once the callback redirect is captured.
      if (!settled) finish(e instanceof Error ? e : new Error(String(e)));
    });
  });
