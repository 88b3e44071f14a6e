/**
 * A small stand-in for the parts of 'electron' the shell uses, for Vitest (the Electron
 * binary cannot run here): `vi.mock('electron', () => import('./support/fake-electron'))`.
 * Every fake records what the shell did. Where Electron has a permissive default (window.open
 * opens, navigation proceeds, permissions are granted) the fake keeps it, and where Electron
 * throws (a second handler for a channel, send to destroyed contents) the fake throws too, so
 * a missing guard fails a test instead of passing silently.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserWindowConstructorOptions } from 'electron';

type Listener = (...args: unknown[]) => unknown;

/** A minimal EventEmitter with a listener count for assertions. */
class Emitter {
  private listeners = new Map<string, { fn: Listener; once: boolean }[]>();

  on(event: string, fn: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), { fn, once: false }]);
    return this;
  }

  once(event: string, fn: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), { fn, once: true }]);
    return this;
  }

  emit(event: string, ...args: unknown[]): boolean {
    const list = this.listeners.get(event) ?? [];
    this.listeners.set(
      event,
      list.filter((l) => !l.once),
    );
    for (const l of list) l.fn(...args);
    return list.length > 0;
  }

  listenerCount(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }

  /** Event names that have at least one listener. */
  eventNames(): string[] {
    return [...this.listeners].filter(([, list]) => list.length > 0).map(([name]) => name);
  }

  removeAllListeners(): this {
    this.listeners = new Map();
    return this;
  }
}

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

/** The event ipcMain passes to an invoke handler; tests choose the sender and its frame. */
export interface FakeInvokeEvent {
  sender: FakeWebContents;
  senderFrame: FakeFrame | null;
  processId: number;
  frameId: number;
}

type InvokeHandler = (event: FakeInvokeEvent, ...args: unknown[]) => unknown;

/** ipcMain: records handle/removeHandler; `invoke` plays a renderer calling a channel. */
class FakeIpcMain extends Emitter {
  readonly handlers = new Map<string, InvokeHandler>();
  readonly log: { op: 'handle' | 'removeHandler'; channel: string }[] = [];

  handle(channel: string, handler: InvokeHandler): void {
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
    this.log.push({ op: 'handle', channel });
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
    this.log.push({ op: 'removeHandler', channel });
  }

  /** Calls the channel's handler as if `senderFrame` of `sender` had invoked it. */
  async invoke(
    channel: string,
    from: { sender: FakeWebContents; senderFrame: FakeFrame | null },
    ...args: unknown[]
  ): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return await handler({ ...from, processId: 1, frameId: from.sender.id }, ...args);
  }

  reset(): void {
    this.handlers.clear();
    this.log.length = 0;
    this.removeAllListeners();
  }
}

/** ipcRenderer: records invokes (answered by `reply`); `deliver` plays main sending a message. */
class FakeIpcRenderer extends Emitter {
  readonly invoked: { channel: string; args: unknown[] }[] = [];
  reply: (channel: string, ...args: unknown[]) => unknown = () => undefined;

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return Promise.resolve().then(() => this.reply(channel, ...args));
  }

  /** Delivers a message from main on `channel` to the listeners, as webContents.send would. */
  deliver(channel: string, ...args: unknown[]): boolean {
    return this.emit(channel, { sender: this }, ...args);
  }

  reset(): void {
    this.invoked.length = 0;
    this.reply = () => undefined;
    this.removeAllListeners();
  }
}

/** contextBridge: records each exposure; like Electron, refuses to expose a key twice. */
class FakeContextBridge {
  readonly exposed: { key: string; api: unknown }[] = [];

  exposeInMainWorld(key: string, api: unknown): void {
    if (this.exposed.some((e) => e.key === key))
      throw new Error('Cannot bind an API on top of an existing property on the window object');
    this.exposed.push({ key, api });
  }
}

/** app: records calls in order; the lock answer and the paths are set by the test. */
class FakeApp extends Emitter {
  readonly calls: { method: string; args: unknown[] }[] = [];
  singleInstanceLock = true;
  paths: Record<string, string> = {};
  ready = false;

  private record(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
  }

  /** How often `method` was called. */
  count(method: string): number {
    return this.calls.filter((c) => c.method === method).length;
  }

  setName(name: string): void {
    this.record('setName', name);
  }

  enableSandbox(): void {
    if (this.ready) throw new Error('app.enableSandbox() can only be called before app is ready');
    this.record('enableSandbox');
  }

  requestSingleInstanceLock(): boolean {
    this.record('requestSingleInstanceLock');
    return this.singleInstanceLock;
  }

  whenReady(): Promise<void> {
    this.record('whenReady');
    this.ready = true;
    return Promise.resolve();
  }

  getPath(name: string): string {
    this.record('getPath', name);
    const path = this.paths[name];
    if (path === undefined) throw new Error(`Failed to get '${name}' path`);
    return path;
  }

  quit(): void {
    this.record('quit');
  }

  exit(code = 0): void {
    this.record('exit', code);
  }

  reset(): void {
    this.calls.length = 0;
    this.singleInstanceLock = true;
    this.paths = {};
    this.ready = false;
    this.removeAllListeners();
  }
}

export const ipcMain = new FakeIpcMain();
export const ipcRenderer = new FakeIpcRenderer();
export const contextBridge = new FakeContextBridge();
export const app = new FakeApp();
export const shell = {
  opened: [] as string[],
  openExternal(url: string): Promise<void> {
    shell.opened.push(url);
    return Promise.resolve();
  },
};
type ProtocolHandler = (request: Request) => Response | Promise<Response>;

/** protocol: records privileged schemes (only before ready, as Electron insists) and handlers. */
export const protocol = {
  privileged: [] as { scheme: string; privileges?: Record<string, boolean> }[],
  handlers: new Map<string, ProtocolHandler>(),
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges?: Record<string, boolean> }[]): void {
    if (app.ready)
      throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    protocol.privileged.push(...schemes);
  },
  handle(scheme: string, handler: ProtocolHandler): void {
    if (!app.ready) throw new Error('protocol.handle can only be used after app is ready');
    if (protocol.handlers.has(scheme)) throw new Error(`The scheme ${scheme} is already handled`);
    protocol.handlers.set(scheme, handler);
  },
  /** Plays Chromium asking the app for `url`. */
  async request(url: string): Promise<Response> {
    const handler = protocol.handlers.get(new URL(url).protocol.slice(0, -1));
    if (!handler) throw new Error(`net::ERR_UNKNOWN_URL_SCHEME ${url}`);
    return handler(new Request(url));
  },
};

/** net.fetch: file:// URLs read from disk (the only kind the shell fetches). */
export const net = {
  async fetch(url: string): Promise<Response> {
    const { readFile } = await import('node:fs/promises');
    const { fileURLToPath } = await import('node:url');
    if (!url.startsWith('file://')) throw new Error(`fake net.fetch only reads file URLs: ${url}`);
    return new Response(await readFile(fileURLToPath(url)), { status: 200 });
  },
};

export const dialog = {
  errorBoxes: [] as { title: string; content: string }[],
  showErrorBox(title: string, content: string): void {
    dialog.errorBoxes.push({ title, content });
  },
};

/** Forgets everything recorded so far (call in beforeEach). */
export function resetFakeElectron(): void {
  ipcMain.reset();
  ipcRenderer.reset();
  contextBridge.exposed.length = 0;
  app.reset();
  BrowserWindow.created.length = 0;
  session.defaultSession = new FakeSession();
  shell.opened.length = 0;
  dialog.errorBoxes.length = 0;
  protocol.privileged.length = 0;
  protocol.handlers.clear();
}
