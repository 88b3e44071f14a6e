import { app, BrowserWindow, type WebContents } from 'electron';
import { isConsoleShortcut } from '../security/console-shortcuts';

export interface MainWindowOptions {
  preloadPath: string;
  /** The renderer: app://portcullis/index.html when packaged, the dev server URL in development. */
  url: string;
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

/**
 * The installed app's second lock on the developer tools, behind `devTools: false` and its own
 * menu: reload and DevTools keys never reach the page or a menu, and DevTools that open anyway
 * (a window made without the preference) close at once.
 */
function lockConsole(contents: WebContents): void {
  contents.on('before-input-event', (event, input) => {
    if (isConsoleShortcut(input)) event.preventDefault();
  });
  contents.on('devtools-opened', () => {
    contents.closeDevTools();
  });
}

/**
 * Denies navigation, new windows, webviews and permission prompts for any web contents; in the
 * installed app, also the reload and DevTools keys.
 */
export function hardenContents(contents: WebContents): void {
  if (app.isPackaged) lockConsole(contents);
  // The app has no external links: nothing opens a window or the system browser.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
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
    // Written out here, not built elsewhere, so electronegativity (scripts/electronegativity.sh)
    // sees every option; tests/electron-window.test.ts asserts the same object.
    webPreferences: {
      preload: o.preloadPath,
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
      // Middle-click would open links in a new window (denied anyway); turn the event off.
      disableBlinkFeatures: 'Auxclick',
      // DevTools only in development builds: in the installed app they would be a console
      // into the app for whoever stands at the window.
      devTools: !app.isPackaged,
    },
  });
  hardenContents(win.webContents);
  win.once('ready-to-show', () => {
    win.show();
  });
  await win.loadURL(o.url);
  return win;
}
