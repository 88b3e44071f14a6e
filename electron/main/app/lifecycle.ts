import { app, BrowserWindow } from 'electron';
import { hardenContents } from '../windows/main-window';

/**
 * App-wide guards that must run before `ready`: one instance only, sandbox for every
 * renderer, and hardening of any web contents that ever gets created.
 * Returns false when another instance already runs (this one should quit).
 */
export function initLifecycle(): boolean {
  app.enableSandbox();
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', () => {
    const win = BrowserWindow.getAllWindows()[0];
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.on('web-contents-created', (_event, contents) => {
    hardenContents(contents);
  });
  app.on('window-all-closed', () => {
    app.quit();
  });
  return true;
}
