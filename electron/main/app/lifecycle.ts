import { app, BrowserWindow } from 'electron';
import { hardenContents } from '../windows/main-window';
import { reviewFileArgument } from './open-review';

/** What the lifecycle hands on: a file the app was asked to open (macOS open-file, a second instance). */
export interface LifecycleHooks {
  onFile?: (path: string) => void;
}

/**
 * App-wide guards that must run before `ready`: one instance only, sandbox for every
 * renderer, and hardening of any web contents that ever gets created. A second start with an
 * audit export (`portcullis export.jsonl`) and macOS's open-file (which can come before `ready`)
 * go to `onFile`. Returns false when another instance already runs (this one should quit).
 */
export function initLifecycle(hooks: LifecycleHooks = {}): boolean {
  app.enableSandbox();
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', (_event, argv: unknown, workingDirectory: unknown) => {
    const file = reviewFileArgument(
      Array.isArray(argv) ? argv : undefined,
      typeof workingDirectory === 'string' ? workingDirectory : undefined,
    );
    // With a file, onFile brings the window forward at the review; without, just bring it back.
    if (file && hooks.onFile) {
      hooks.onFile(file);
      return;
    }
    const win = BrowserWindow.getAllWindows()[0];
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  if (hooks.onFile) {
    const onFile = hooks.onFile;
    app.on('open-file', (event: { preventDefault(): void }, path: string) => {
      event.preventDefault();
      onFile(path);
    });
  }
  app.on('web-contents-created', (_event, contents) => {
    hardenContents(contents);
  });
  app.on('window-all-closed', () => {
    app.quit();
  });
  return true;
}
