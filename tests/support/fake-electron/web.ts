// Windows, web contents, frames and sessions of the fake 'electron' (see ../fake-electron.ts).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserWindowConstructorOptions } from 'electron';
import { Emitter } from './emitter';

/** The event object Electron passes to preventable listeners (will-navigate and friends). */
export class FakeEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

/** A WebFrameMain: its URL (mutable, like a hash-router navigation) and its parent. */
export class FakeFrame {
  constructor(
    public url = '',
    readonly parent: FakeFrame | null = null,
  ) {}
}

type PermissionRequestHandler = (
  wc: unknown,
  permission: string,
  callback: (granted: boolean) => void,
) => void;
type PermissionCheckHandler = (wc: unknown, permission: string, origin: string) => boolean;

/** session.defaultSession: with no handler set, Electron grants every permission. */
export class FakeSession {
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: PermissionCheckHandler | null = null;

  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = handler;
  }

  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.permissionCheckHandler = handler;
  }

  /** What a page asking for `permission` would get. */
  requestPermission(wc: FakeWebContents, permission: string): Promise<boolean> {
    const handler = this.permissionRequestHandler;
    if (!handler) return Promise.resolve(true);
    return new Promise((done) => {
      handler(wc, permission, done);
    });
  }

  /** What a synchronous permission check for `permission` would answer. */
  checkPermission(wc: FakeWebContents, permission: string): boolean {
    return this.permissionCheckHandler ? this.permissionCheckHandler(wc, permission, wc.mainFrame.url) : true;
  }
}

export const session = { defaultSession: new FakeSession() };

type WindowOpenHandler = (details: {
  url: string;
  frameName: string;
  features: string;
  disposition: string;
}) => {
  action: 'allow' | 'deny';
};

let nextContentsId = 1;

/** A window's webContents: records loads and sends; fires preventable events on demand. */
export class FakeWebContents extends Emitter {
  readonly id = nextContentsId++;
  readonly mainFrame = new FakeFrame();
  userAgent =
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) portcullis/0.1.0 Chrome/140.0.7339.133 Electron/45.4.1 Safari/537.36';
  readonly sent: { channel: string; args: unknown[] }[] = [];
  readonly loaded: string[] = [];
  windowOpenHandler: WindowOpenHandler | null = null;
  /** webPreferences.devTools: when false, Electron's openDevTools does nothing. */
  devToolsAllowed = true;
  private devToolsOpen = false;
  private destroyed = false;

  get session(): FakeSession {
    return session.defaultSession;
  }

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }

  /** What `window.open(url)` in the page would do; Electron allows it when no handler is set. */
  openWindow(url: string): { action: 'allow' | 'deny' } {
    const details = { url, frameName: '', features: '', disposition: 'new-window' };
    return this.windowOpenHandler ? this.windowOpenHandler(details) : { action: 'allow' };
  }

  /** Emits a preventable event (e.g. 'will-navigate') and returns it, to see if it was prevented. */
  fire(name: string, ...args: unknown[]): FakeEvent {
    const event = new FakeEvent();
    this.emit(name, event, ...args);
    return event;
  }

  /** Chromium canonicalises the URL it shows as the main frame's URL. */
  loadURL(url: string): Promise<void> {
    this.mainFrame.url = new URL(url).href;
    this.loaded.push(this.mainFrame.url);
    return Promise.resolve();
  }

  loadFile(filePath: string): Promise<void> {
    return this.loadURL(pathToFileURL(resolve(filePath)).href);
  }

  /** Opens DevTools, as a menu role, a shortcut or a debugger asking would; emits devtools-opened. */
  openDevTools(): void {
    if (!this.devToolsAllowed || this.devToolsOpen) return;
    this.devToolsOpen = true;
    this.emit('devtools-opened');
  }

  closeDevTools(): void {
    if (!this.devToolsOpen) return;
    this.devToolsOpen = false;
    this.emit('devtools-closed');
  }

  toggleDevTools(): void {
    if (this.devToolsOpen) this.closeDevTools();
    else this.openDevTools();
  }

  isDevToolsOpened(): boolean {
    return this.devToolsOpen;
  }

  getUserAgent(): string {
    return this.userAgent;
  }

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new TypeError('Object has been destroyed');
    this.sent.push({ channel, args });
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }
}

/** A BrowserWindow that keeps its constructor options; `created` lists every one made. */
export class BrowserWindow extends Emitter {
  static readonly created: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly calls: string[] = [];
  minimized = false;

  constructor(readonly options: BrowserWindowConstructorOptions = {}) {
    super();
    this.webContents.devToolsAllowed = options.webPreferences?.devTools !== false;
    BrowserWindow.created.push(this);
  }

  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.created.filter((w) => !w.webContents.isDestroyed());
  }

  /** No window has focus in tests. */
  static getFocusedWindow(): BrowserWindow | null {
    return null;
  }

  isDestroyed(): boolean {
    return this.webContents.isDestroyed();
  }

  close(): void {
    if (this.isDestroyed()) return;
    this.calls.push('close');
    this.webContents.destroy();
    this.emit('closed');
  }

  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url);
  }

  loadFile(filePath: string): Promise<void> {
    return this.webContents.loadFile(filePath);
  }

  show(): void {
    this.calls.push('show');
  }

  isMinimized(): boolean {
    return this.minimized;
  }

  restore(): void {
    this.minimized = false;
    this.calls.push('restore');
  }

  focus(): void {
    this.calls.push('focus');
  }
}
