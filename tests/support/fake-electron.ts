/**
 * A small stand-in for the parts of 'electron' the shell uses, for Vitest (the Electron
 * binary cannot run here): `vi.mock('electron', () => import('./support/fake-electron'))`.
 * Every fake records what the shell did. Where Electron has a permissive default (window.open
 * opens, navigation proceeds, permissions are granted) the fake keeps it, and where Electron
 * throws (a second handler for a channel, send to destroyed contents) the fake throws too, so
 * a missing guard fails a test instead of passing silently.
 */
import { Emitter } from './fake-electron/emitter';
import { BrowserWindow, FakeSession, session } from './fake-electron/web';
import { FakeContextBridge, FakeIpcMain, FakeIpcRenderer } from './fake-electron/ipc';
import { Menu } from './fake-electron/menu';

export {
  FakeEvent,
  FakeFrame,
  FakeSession,
  FakeWebContents,
  BrowserWindow,
  session,
} from './fake-electron/web';
export type { FakeInvokeEvent } from './fake-electron/ipc';
export { Menu, MenuItem } from './fake-electron/menu';

/**
 * app.commandLine: Chromium's parsed switches. The real one starts from the process's argv;
 * here it starts empty, and tests add switches with appendSwitch as code (or a launcher) would.
 */
class FakeCommandLine {
  readonly switches = new Map<string, string>();
  readonly args: string[] = [];

  appendSwitch(name: string, value = ''): void {
    this.switches.set(name, value);
  }

  appendArgument(value: string): void {
    this.args.push(value);
  }

  hasSwitch(name: string): boolean {
    return this.switches.has(name);
  }

  getSwitchValue(name: string): string {
    return this.switches.get(name) ?? '';
  }

  removeSwitch(name: string): void {
    this.switches.delete(name);
  }
}

/**
 * app: records calls in order; the lock answer, the paths and `isPackaged` (false, as under
 * `electron .`; true plays the installed app) are set by the test.
 */
class FakeApp extends Emitter {
  readonly calls: { method: string; args: unknown[] }[] = [];
  readonly commandLine = new FakeCommandLine();
  singleInstanceLock = true;
  paths: Record<string, string> = {};
  ready = false;
  isPackaged = false;
  name = 'Electron';

  private record(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
  }

  /** How often `method` was called. */
  count(method: string): number {
    return this.calls.filter((c) => c.method === method).length;
  }

  setName(name: string): void {
    this.record('setName', name);
    this.name = name;
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
    // Electron sets its default menu (with Reload and DevTools) at launch unless the app set one.
    Menu.installDefault();
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
    this.isPackaged = false;
    this.name = 'Electron';
    this.commandLine.switches.clear();
    this.commandLine.args.length = 0;
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

/** clipboard: the main process's system clipboard (text only, async as in Electron 45), recording every write. */
export const clipboard = {
  text: '',
  writes: [] as string[],
  writeText(text: string): Promise<void> {
    clipboard.text = text;
    clipboard.writes.push(text);
    return Promise.resolve();
  },
  readText(): Promise<string> {
    return Promise.resolve(clipboard.text);
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
  clipboard.text = '';
  clipboard.writes.length = 0;
  protocol.privileged.length = 0;
  protocol.handlers.clear();
  Menu.reset();
}
