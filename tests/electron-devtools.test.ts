/**
 * No console for whoever stands at the window (issue 12, item 2), against the fake 'electron':
 * the installed app (app.isPackaged) has its own menu, windows without DevTools, and drops the
 * reload and DevTools keys; a development build keeps all of these. Refusing debugging switches
 * and ignoring ELECTRON_RENDERER_URL: electron-debug-guard.test.ts.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { app, FakeEvent, FakeWebContents, Menu, resetFakeElectron } from './support/fake-electron';
import { hardened, lastWindow, mainWindowAt, menuRoles, TRUSTED_URL } from './support/shell';
import { createMainWindow } from '../electron/main/windows/main-window';
import { openLinkedTokenWindow } from '../electron/main/windows/linked-token-window';
import { initLifecycle } from '../electron/main/app/lifecycle';
import { appMenuTemplate, installAppMenu } from '../electron/main/app/app-menu';

vi.mock('electron', () => import('./support/fake-electron'));

/** The menu's one action of its own, counted. */
const reviews: string[] = [];
const ACTIONS = { reviewExport: () => reviews.push('review') };

beforeEach(() => {
  resetFakeElectron();
});

/** Keys that reload the page or open DevTools in Chromium, Electron's default menu or on a Mac. */
const CONSOLE_KEYS = [
  ...['Ctrl+R', 'Ctrl+Shift+R', 'F5', 'Ctrl+F5', 'Shift+F5', 'F12'],
  ...['Ctrl+Shift+I', 'Ctrl+Shift+J', 'Ctrl+Shift+C'],
  ...['Cmd+R', 'Cmd+Shift+R', 'Cmd+Alt+I', 'Cmd+Alt+J', 'Cmd+Alt+C', 'Cmd+Shift+C'],
];
/** Keys people type all day, including AltGr (Ctrl+Alt) letters such as ć on a Polish layout. */
const ORDINARY_KEYS = [
  ...['Ctrl+C', 'Ctrl+V', 'Ctrl+X', 'Ctrl+A', 'Ctrl+Z', 'Ctrl+Shift+Z', 'Ctrl+W', 'Cmd+C', 'Cmd+V'],
  ...['R', 'Shift+R', 'I', 'Ctrl+Alt+C', 'Ctrl+Alt+Shift+C', 'Ctrl+Alt+R', 'F11', 'Enter', 'Tab'],
];

/** The Input Electron passes to before-input-event for a chord such as 'Ctrl+Shift+I'. */
function input(chord: string, key?: string) {
  const parts = chord.split('+');
  const name = parts.at(-1) ?? '';
  const shift = parts.includes('Shift');
  const letter = name.length === 1;
  return {
    type: 'keyDown',
    key: key ?? (letter ? (shift ? name.toUpperCase() : name.toLowerCase()) : name),
    code: letter ? `Key${name.toUpperCase()}` : name,
    control: parts.includes('Ctrl'),
    meta: parts.includes('Cmd'),
    shift,
    alt: parts.includes('Alt'),
    isAutoRepeat: false,
    isComposing: false,
  };
}

/** Whether the shell kept the key from the page and the menu. */
function dropped(contents: FakeWebContents, chord: string, key?: string): boolean {
  return contents.fire('before-input-event', input(chord, key)).defaultPrevented;
}

describe('the installed app (app.isPackaged)', () => {
  beforeEach(() => {
    app.isPackaged = true;
  });

  it('creates the main window with devTools: false, and DevTools then never open', async () => {
    await createMainWindow({ preloadPath: '/app/out/preload/index.cjs', url: 'app://portcullis/index.html' });
    const win = lastWindow();
    expect(win.options.webPreferences).toEqual(hardened('/app/out/preload/index.cjs', false));
    win.webContents.openDevTools();
    expect(win.webContents.isDevToolsOpened()).toBe(false);
  });

  it('opens the provider sign-in window (which captures a token) with devTools: false', async () => {
    const authorized = openLinkedTokenWindow('https://flespi.io/authorize', 'http://127.0.0.1:1/cb');
    expect(lastWindow().options.webPreferences?.devTools).toBe(false);
    lastWindow().close();
    await expect(authorized).rejects.toThrow('closed');
  });

  it('drops every reload and DevTools key before the page or the menu sees it; ordinary keys pass', async () => {
    const contents = await mainWindowAt(TRUSTED_URL);
    const droppedKeys = CONSOLE_KEYS.filter((k) => dropped(contents, k));
    const passed = ORDINARY_KEYS.filter((k) => !dropped(contents, k));
    console.log(
      `console keys dropped: ${droppedKeys.length}/${CONSOLE_KEYS.length}; ordinary keys passed: ${passed.length}/${ORDINARY_KEYS.length}`,
    );
    expect(droppedKeys).toEqual(CONSOLE_KEYS);
    expect(passed).toEqual(ORDINARY_KEYS);
    // Another layout: Ctrl + the key where R is (Russian 'к') still reloads in Chromium.
    expect(dropped(contents, 'Ctrl+R', 'к')).toBe(true);
  });

  it('closes DevTools at once in any web contents, even one made with DevTools allowed', () => {
    initLifecycle();
    const contents = new FakeWebContents();
    app.emit('web-contents-created', new FakeEvent(), contents);
    contents.openDevTools();
    expect(contents.isDevToolsOpened()).toBe(false);
    expect(dropped(contents, 'F12')).toBe(true);
  });

  it('replaces Electron’s menu with its own: quit, edit roles, about; no Reload, Force Reload or DevTools', async () => {
    await app.whenReady();
    expect(menuRoles()).toContain('toggledevtools'); // Electron's default, before the app's own
    installAppMenu(ACTIONS);
    const menu = Menu.getApplicationMenu();
    const roles = menuRoles();
    for (const role of ['quit', 'undo', 'redo', 'cut', 'copy', 'paste', 'selectall', 'about'])
      expect(roles, role).toContain(role);
    for (const role of ['reload', 'forcereload', 'toggledevtools', 'viewmenu'])
      expect(roles, role).not.toContain(role);
    // No key reaches a menu entry that reloads or opens DevTools; Ctrl+C still reaches Copy.
    expect(CONSOLE_KEYS.filter((k) => menu?.itemFor(k) !== undefined)).toEqual([]);
    expect(menu?.itemFor('Ctrl+C')?.role).toBe('copy');
    // Roles only, but for File → Review an Audit Export…, which sends the window to the review.
    const own = menu?.allItems().filter((i) => i.click !== undefined) ?? [];
    expect(own.map((i) => i.label)).toEqual(['Review an Audit Export…']);
    expect(own[0]?.accelerator).toBeUndefined();
    reviews.length = 0;
    (own[0]?.click as () => void)();
    expect(reviews).toEqual(['review']);
  });

  it('gives macOS the same menu with the app menu first', () => {
    const menu = Menu.buildFromTemplate(appMenuTemplate(ACTIONS, 'darwin'));
    expect(menu.items.map((i) => i.label)).toEqual(['Portcullis', 'File', 'Edit', 'View', 'Window']);
    expect(menu.items[1]?.submenu?.items.map((i) => i.label || i.type)).toEqual([
      'Review an Audit Export…',
      'separator',
      'close',
    ]);
    const roles = menu.allItems().flatMap((i) => (i.role ? [i.role] : []));
    for (const role of ['about', 'hide', 'quit', 'copy', 'paste', 'selectall']) expect(roles).toContain(role);
    for (const role of ['reload', 'forcereload', 'toggledevtools']) expect(roles).not.toContain(role);
  });
});

describe('a development build', () => {
  it('keeps DevTools, the reload and DevTools keys, and Electron’s default menu', async () => {
    const contents = await mainWindowAt(TRUSTED_URL);
    expect(lastWindow().options.webPreferences?.devTools).toBe(true);
    expect(CONSOLE_KEYS.filter((k) => dropped(contents, k))).toEqual([]);
    contents.openDevTools();
    expect(contents.isDevToolsOpened()).toBe(true);
    await app.whenReady();
    installAppMenu(ACTIONS);
    expect(Menu.getApplicationMenu()?.itemFor('Ctrl+Shift+I')?.role).toBe('toggledevtools');
    expect(Menu.getApplicationMenu()?.itemFor('Ctrl+R')?.role).toBe('reload');
  });
});
