/**
 * No console for whoever stands at the window (issue 12, item 2), against the fake 'electron':
 * the installed app (app.isPackaged) has its own menu, windows without DevTools, drops the
 * reload and DevTools keys, ignores ELECTRON_RENDERER_URL and refuses to start with debugging
 * switches; a development build keeps all of these. The switch parsing itself:
 * electron/main/security/debug-switches.test.ts.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  app,
  BrowserWindow,
  dialog,
  FakeEvent,
  FakeWebContents,
  ipcMain,
  Menu,
  resetFakeElectron,
} from './support/fake-electron';
import { hardened, lastWindow, mainWindowAt, TRUSTED_URL, useAppStart } from './support/shell';
import { createMainWindow } from '../electron/main/windows/main-window';
import { openLinkedTokenWindow } from '../electron/main/windows/linked-token-window';
import { initLifecycle } from '../electron/main/app/lifecycle';
import { appMenuTemplate, installAppMenu } from '../electron/main/app/app-menu';
import { refuseDebugging, REFUSED_EXIT_CODE } from '../electron/main/app/debug-guard';
import { MemoryLogger } from '../electron/main/adapters/logger';

vi.mock('electron', () => import('./support/fake-electron'));

// Registered before useAppStart's hooks, which set the fake app's userData path.
beforeEach(() => {
  resetFakeElectron();
  vi.restoreAllMocks();
});

const { dir, start } = useAppStart();

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

/** Every role in the application menu, lower-cased as Electron stores them. */
function menuRoles(): string[] {
  return (Menu.getApplicationMenu()?.allItems() ?? []).flatMap((i) => (i.role ? [i.role] : []));
}

/** Collects the JSON lines the app's logger writes to stderr. */
function captureStderr(): { message: string; level: string; options?: string[] }[] {
  const lines: { message: string; level: string; options?: string[] }[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    const text = String(chunk);
    if (text.startsWith('{')) lines.push(JSON.parse(text) as (typeof lines)[number]);
    return true;
  });
  return lines;
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
    installAppMenu();
    const menu = Menu.getApplicationMenu();
    const roles = menuRoles();
    for (const role of ['quit', 'undo', 'redo', 'cut', 'copy', 'paste', 'selectall', 'about'])
      expect(roles, role).toContain(role);
    for (const role of ['reload', 'forcereload', 'toggledevtools', 'viewmenu'])
      expect(roles, role).not.toContain(role);
    // No key reaches a menu entry that reloads or opens DevTools; Ctrl+C still reaches Copy.
    expect(CONSOLE_KEYS.filter((k) => menu?.itemFor(k) !== undefined)).toEqual([]);
    expect(menu?.itemFor('Ctrl+C')?.role).toBe('copy');
    // Roles only: no click handler of the app's own that could open anything.
    expect(menu?.allItems().filter((i) => i.click !== undefined)).toEqual([]);
  });

  it('gives macOS the same menu with the app menu first', () => {
    const menu = Menu.buildFromTemplate(appMenuTemplate('darwin'));
    expect(menu.items.map((i) => i.label)).toEqual(['Portcullis', 'Edit', 'View', 'Window']);
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
    installAppMenu();
    expect(Menu.getApplicationMenu()?.itemFor('Ctrl+Shift+I')?.role).toBe('toggledevtools');
    expect(Menu.getApplicationMenu()?.itemFor('Ctrl+R')?.role).toBe('reload');
  });
});

describe('refuseDebugging (before anything else starts)', () => {
  /** Starts the guard with `args` after the executable; returns whether it refused. */
  function refusesWith(args: string[], logger = new MemoryLogger()): boolean {
    resetFakeElectron();
    app.isPackaged = true;
    process.argv.splice(1, process.argv.length, ...args);
    return refuseDebugging(logger);
  }

  const SWITCHES = [
    ...['--remote-debugging-port=9222', '--remote-debugging-pipe', '-remote-debugging-port=0'],
    ...['--inspect', '--inspect=0.0.0.0:9229', '--inspect-brk', '--inspect-port=9229', '--inspect-brk-node'],
    ...['--inspect-wait', '--debug', '--debug-brk', '--INSPECT_BRK', '--js-flags=--allow-natives-syntax'],
    ...['--auto-open-devtools-for-tabs', '--renderer-cmd-prefix=gdb --args', '--wait-for-debugger'],
  ];

  it('refuses each debugging switch: log line, error box, exit code 2', () => {
    let refused = 0;
    for (const option of SWITCHES) {
      const logger = new MemoryLogger();
      const name = option.split('=')[0]?.replace(/^-+/, '').toLowerCase().replace('_', '-') ?? '';
      expect(refusesWith(['--db', '/tmp/p.db', option], logger), option).toBe(true);
      expect(dialog.errorBoxes, option).toEqual([
        { title: 'Portcullis cannot start', content: expect.stringContaining(`--${name}`) as unknown },
      ]);
      expect(
        app.calls.filter((c) => c.method === 'exit'),
        option,
      ).toEqual([{ method: 'exit', args: [REFUSED_EXIT_CODE] }]);
      expect(logger.lines, option).toEqual([
        {
          level: 'error',
          message: 'Refused to start: debugging options on the command line',
          fields: { options: [`--${name}`] },
        },
      ]);
      refused++;
    }
    console.log(`debugging switches refused: ${refused}/${SWITCHES.length}`);
  });

  it('refuses a switch Chromium holds that is not in process.argv (app.commandLine)', () => {
    resetFakeElectron();
    app.isPackaged = true;
    app.commandLine.appendSwitch('remote-debugging-port', '9222');
    expect(refuseDebugging(new MemoryLogger())).toBe(true);
    expect(dialog.errorBoxes[0]?.content).toContain('--remote-debugging-port');
  });

  it('refuses NODE_OPTIONS that start an inspector or load code first; harmless ones pass', () => {
    const hostile = ['--inspect', '--inspect-brk=9230 --max-old-space-size=4096', '--require /tmp/x.js'];
    for (const value of [...hostile, '-r /tmp/x.js', '--import=data:text/javascript,0']) {
      process.env.NODE_OPTIONS = value;
      expect(refusesWith([]), value).toBe(true);
      expect(dialog.errorBoxes[0]?.content, value).toContain('NODE_OPTIONS=');
    }
    process.env.NODE_OPTIONS = '--max-old-space-size=4096';
    expect(refusesWith([])).toBe(false);
  });

  it('lets a clean launch through, logging switches included (they give no console)', () => {
    process.env.ELECTRON_ENABLE_LOGGING = '1';
    expect(refusesWith(['--db', '/tmp/inspect.db', '--enable-logging', '--v=1'])).toBe(false);
    expect(dialog.errorBoxes).toEqual([]);
    expect(app.count('exit')).toBe(0);
  });

  it('lets a development build start under a debugger', () => {
    expect(refusesWith(['--inspect=9229', '--remote-debugging-port=9222'])).toBe(true);
    resetFakeElectron();
    app.isPackaged = false;
    expect(refuseDebugging(new MemoryLogger())).toBe(false);
    expect(app.count('exit')).toBe(0);
  });
});

describe('composition root (electron/main/index.ts), installed', () => {
  beforeEach(() => {
    app.isPackaged = true;
  });

  it('ignores ELECTRON_RENDERER_URL: loads its own app:// page, trusts only that, own menu, no DevTools', async () => {
    const stderr = captureStderr();
    process.env.ELECTRON_RENDERER_URL = 'http://evil.example:5173';
    await start();
    const contents = lastWindow().webContents;
    expect(contents.loaded).toEqual(['app://portcullis/index.html']);
    expect(lastWindow().options.webPreferences?.devTools).toBe(false);
    expect(menuRoles()).not.toContain('toggledevtools');
    expect(menuRoles()).toContain('quit');
    expect(stderr.map((l) => l.message)).toContain(
      'ELECTRON_RENDERER_URL is ignored by the installed app; loading its own files',
    );
    // The page the variable named gets no answers.
    const evil = new FakeWebContents();
    evil.mainFrame.url = 'http://evil.example:5173/';
    await expect(
      ipcMain.invoke('setup:status', { sender: evil, senderFrame: evil.mainFrame }),
    ).resolves.toMatchObject({ ok: false, code: 'forbidden_sender' });
  });

  it('refuses to start with --remote-debugging-port: no lock, no database, no IPC, no window', async () => {
    const stderr = captureStderr();
    process.argv.push('--remote-debugging-port=9222');
    await start();
    expect(app.calls.filter((c) => c.method === 'exit')).toEqual([{ method: 'exit', args: [2] }]);
    expect(dialog.errorBoxes.map((b) => b.title)).toEqual(['Portcullis cannot start']);
    expect(stderr).toContainEqual(
      expect.objectContaining({ level: 'error', options: ['--remote-debugging-port'] }),
    );
    expect(app.count('requestSingleInstanceLock') + app.count('whenReady')).toBe(0);
    expect(ipcMain.handlers.size).toBe(0);
    expect(BrowserWindow.created).toHaveLength(0);
    expect(existsSync(join(dir(), 'userData'))).toBe(false);
  });

  it('a development build with the same switch and variable uses both (dev server, DevTools)', async () => {
    app.isPackaged = false;
    process.argv.push('--remote-debugging-port=9222');
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173';
    await start();
    expect(lastWindow().webContents.loaded).toEqual(['http://localhost:5173/']);
    expect(lastWindow().options.webPreferences?.devTools).toBe(true);
    expect(menuRoles()).toContain('toggledevtools');
  });
});
