/**
 * The hardened windows and app-wide guards of the Electron shell (window settings, navigation,
 * window.open, permissions, the provider sign-in window, lifecycle) against a fake 'electron'.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  app,
  BrowserWindow,
  FakeEvent,
  FakeWebContents,
  resetFakeElectron,
  shell,
} from './support/fake-electron';
import { hardened, lastWindow, mainWindowAt, TRUSTED_URL } from './support/shell';
import { allowHttpsNavigation, createMainWindow, hardenContents } from '../electron/main/windows/main-window';
import { initLifecycle } from '../electron/main/app/lifecycle';
import { openLinkedTokenWindow } from '../electron/main/windows/linked-token-window';

vi.mock('electron', () => import('./support/fake-electron'));

beforeEach(() => {
  resetFakeElectron();
});

describe('hardened window', () => {
  it('creates the main window with those preferences, hidden until ready, and loads the renderer', async () => {
    await createMainWindow({ preloadPath: '/app/out/preload/index.cjs', url: 'app://portcullis/index.html' });
    expect(BrowserWindow.created).toHaveLength(1);
    const win = lastWindow();
    expect(win.options.webPreferences).toEqual(hardened('/app/out/preload/index.cjs'));
    expect(win.options.show).toBe(false);
    expect(win.webContents.loaded).toEqual(['app://portcullis/index.html']);
    expect(win.calls).not.toContain('show');
    win.emit('ready-to-show');
    expect(win.calls).toContain('show');
  });

  it('loads the dev server URL instead of the file when one is given', async () => {
    const contents = await mainWindowAt('http://localhost:5173/');
    expect(contents.loaded).toEqual(['http://localhost:5173/']);
  });
});

describe('hardenContents (through createMainWindow)', () => {
  it('denies every window.open and opens nothing in the system browser', async () => {
    const contents = await mainWindowAt(TRUSTED_URL);
    const urls = [
      'https://flespi.io/docs/',
      'http://flespi.io/',
      'https://evil.example/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      `${TRUSTED_URL}#/users`,
    ];
    for (const url of urls) expect(contents.openWindow(url), url).toEqual({ action: 'deny' });
    expect(shell.opened).toEqual([]);
  });

  it('prevents navigation, redirects and webview attachment', async () => {
    const contents = await mainWindowAt(TRUSTED_URL);
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      expect(contents.fire(name, 'https://evil.example/').defaultPrevented, name).toBe(true);
    }
  });

  it('lets only the provider sign-in window follow https pages, never http or the app window', async () => {
    const navigate = (contents: FakeWebContents, url: string) => {
      const event = Object.assign(new FakeEvent(), { url, isMainFrame: true });
      contents.emit('will-navigate', event, url);
      return event.defaultPrevented;
    };
    const app = await mainWindowAt(TRUSTED_URL);
    expect(navigate(app, 'https://flespi.io/login')).toBe(true);
    const provider = new FakeWebContents();
    hardenContents(provider as unknown as Electron.WebContents);
    allowHttpsNavigation(provider as unknown as Electron.WebContents);
    expect(navigate(provider, 'https://github.com/login/oauth')).toBe(false);
    expect(navigate(provider, 'http://flespi.io/login')).toBe(true);
    expect(navigate(provider, 'file:///etc/passwd')).toBe(true);
  });

  it('opens the provider sign-in sandboxed, without preload, in its own session; captures only the redirect back', async () => {
    const back = 'http://127.0.0.1:4711/flespi-callback';
    const authorized = openLinkedTokenWindow('https://flespi.io/authorize?x=1', back);
    const win = lastWindow();
    expect(win.options.webPreferences).toEqual({
      partition: 'linked-token',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      disableBlinkFeatures: 'Auxclick',
      devTools: true,
    });
    expect(win.webContents.loaded).toEqual(['https://flespi.io/authorize?x=1']);
    // Pages on the way are not captured; the redirect back is, without being loaded.
    const page = Object.assign(new FakeEvent(), { url: 'https://flespi.io/login' });
    win.webContents.emit('will-navigate', page);
    expect(page.defaultPrevented).toBe(false);
    const redirect = Object.assign(new FakeEvent(), { url: `${back}?token=abc` });
    win.webContents.emit('will-redirect', redirect);
    expect(redirect.defaultPrevented).toBe(true);
    await expect(authorized).resolves.toBe(`${back}?token=abc`);
    expect(win.calls).toContain('close');

    const cancelled = openLinkedTokenWindow('https://flespi.io/authorize', back);
    lastWindow().close();
    await expect(cancelled).rejects.toThrow('the window was closed before authorizing');
  });

  it('refuses every permission request and check', async () => {
    const contents = await mainWindowAt(TRUSTED_URL);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      await expect(contents.session.requestPermission(contents, permission), permission).resolves.toBe(false);
      expect(contents.session.checkPermission(contents, permission), permission).toBe(false);
    }
  });
});

describe('initLifecycle', () => {
  it('enables the sandbox, takes the single-instance lock and hardens every new web contents', () => {
    expect(initLifecycle()).toBe(true);
    expect(app.count('enableSandbox')).toBe(1);
    expect(app.count('requestSingleInstanceLock')).toBe(1);

    const contents = new FakeWebContents();
    app.emit('web-contents-created', new FakeEvent(), contents);
    expect(contents.openWindow('https://evil.example/')).toEqual({ action: 'deny' });
    expect(contents.fire('will-navigate', 'https://evil.example/').defaultPrevented).toBe(true);
  });

  it('quits when the last window closes and brings the window back for a second instance', () => {
    initLifecycle();
    const win = new BrowserWindow();
    win.minimized = true;
    app.emit('second-instance');
    expect(win.calls).toEqual(['restore', 'focus']);
    expect(app.count('quit')).toBe(0);
    app.emit('window-all-closed');
    expect(app.count('quit')).toBe(1);
  });

  it('returns false and sets nothing up when another instance holds the lock', () => {
    app.singleInstanceLock = false;
    expect(initLifecycle()).toBe(false);
    expect(app.count('enableSandbox')).toBe(1);
    expect(app.count('requestSingleInstanceLock')).toBe(1);
    expect(app.eventNames()).toEqual([]);
  });
});
