import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserWindow } from 'electron';

/** A local file:// URL as a path (Linux desktop entries may pass files as URLs); null for any other URL. */
function localPath(arg: string): string | null {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(arg)) return arg;
  if (!/^file:\/\//i.test(arg)) return null;
  try {
    return fileURLToPath(arg);
  } catch {
    return null;
  }
}

/**
 * The audit export named on a command line (the last `.jsonl` argument, a path resolved against
 * `cwd` or a local file:// URL), or null. argv[0] is the executable; switches and the value of
 * `--db` are skipped.
 */
export function reviewFileArgument(argv: readonly unknown[] | undefined, cwd = process.cwd()): string | null {
  let found: string | null = null;
  for (let i = 1; i < (argv?.length ?? 0); i++) {
    const arg = argv?.[i];
    if (typeof arg !== 'string') continue;
    if (arg === '--db') {
      i++;
      continue;
    }
    const path = arg.startsWith('-') ? null : localPath(arg);
    if (path !== null && /\.jsonl$/i.test(path)) found = resolve(cwd, path);
  }
  return found;
}

/** Where a file to review waits until the review page asks for it (review:openPending). */
export interface PendingFile {
  set(path: string): void;
}

/**
 * Sends the app window to the offline review: for a file the app was opened with (command line,
 * macOS open-file, a second instance) and for File → Review an Audit Export…. The review route
 * reads `?pending=N` (take the waiting file) or `?open=N` (ask for a file); N changes every time
 * so an already open review page sees a new request. No directory is needed for either.
 */
export class ReviewLauncher {
  private base: string | null = null;
  private win: BrowserWindow | null = null;
  private waiting = false;
  private requests = 0;

  constructor(private readonly pending: PendingFile) {}

  /** A file to review: remembered; an open window goes to the review at once. */
  file(path: string): void {
    this.pending.set(path);
    this.waiting = true;
    if (this.show('pending')) this.waiting = false;
  }

  /** The menu item: the window goes to the review and asks which file to open. */
  chooseFile(): void {
    this.show('open');
  }

  /** The page the main window loads first: the review when a file is waiting, else the app's start page. */
  startUrl(base: string): string {
    this.base = base;
    if (!this.waiting) return base;
    this.waiting = false;
    return this.reviewUrl('pending');
  }

  /**
   * The app's main window, the only one ever sent to the review (never the provider's sign-in
   * window, even when that one has focus). A file that came while it was being made is shown now.
   */
  attach(win: BrowserWindow): void {
    this.win = win;
    if (this.waiting && this.show('pending')) this.waiting = false;
  }

  private reviewUrl(kind: 'pending' | 'open'): string {
    return `${this.base ?? ''}#/review?${kind}=${String(++this.requests)}`;
  }

  private show(kind: 'pending' | 'open'): boolean {
    const win = this.win;
    if (!win || win.isDestroyed() || this.base === null) return false;
    if (win.isMinimized()) win.restore();
    win.focus();
    // A main-process load of the same page with a new #route: the hash router follows it.
    void win.webContents.loadURL(this.reviewUrl(kind));
    return true;
  }
}
