import { BrowserWindow, shell, type WebContents } from 'electron';

/** Links the app may open in the user's browser; everything else is refused. */
const EXTERNAL_ALLOW = [/^https:\/\/(www\.)?flespi\.(io|ru)\//];

export interface MainWindowOptions {
  preloadPath: string;
  /** The renderer: a file path (packaged) or the dev server URL. */
  indexFile?: string;
  devUrl?: string;
}

/** The webPreferences every Portcullis window uses (asserted by the shell tests). */
export function hardenedWebPreferences(preloadPath: string): Electron.WebPreferences {
  return {
    preload: preloadPath,
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
  };
}

/** Contents allowed to follow https navigation (the linked service's sign-in window only). */
const httpsNavigable = new WeakSet<WebContents>();

/** Lets one window (an external provider's sign-in, no preload) move between https pages. */
export function allowHttpsNavigation(contents: WebContents): void {
  httpsNavigable.add(contents);
}

function mayNavigate(contents: WebContents, url: unknown): boolean {
  return httpsNavigable.has(contents) && typeof url === 'string' && url.startsWith('https://');
}

/** Denies navigation, new windows, webviews and permission prompts for any web contents. */
export function hardenContents(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (EXTERNAL_ALLOW.some((re) => re.test(url))) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    if (!mayNavigate(contents, event.url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame && !mayNavigate(contents, event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!mayNavigate(contents, event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.session.setPermissionRequestHandler((_wc, _permission, callback) => {
    callback(false);
  });
  contents.session.setPermissionCheckHandler(() => false);
}

/** Creates the main window, hardened, and loads the renderer. */
export async function createMainWindow(o: MainWindowOptions): Promise<BrowserWindow> {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Portcullis',
    autoHideMenuBar: true,
    webPreferences: hardenedWebPreferences(o.preloadPath),
  });
  hardenContents(win.webContents);
  win.once('ready-to-show', () => {
    win.show();
  });
  if (o.devUrl) await win.loadURL(o.devUrl);
  else if (o.indexFile) await win.loadFile(o.indexFile);
  return win;
}
