/**
 * The installed app (app.isPackaged) refuses to start with a debugger or DevTools protocol
 * switch and ignores ELECTRON_RENDERER_URL (issue 12, item 2), against the fake 'electron' with
 * the real composition root; a development build starts under both. The switch parsing itself:
 * electron/main/security/debug-switches.test.ts.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  app,
  BrowserWindow,
  dialog,
  FakeWebContents,
  ipcMain,
  resetFakeElectron,
} from './support/fake-electron';
import { lastWindow, menuRoles, useAppStart } from './support/shell';
import { refuseDebugging, REFUSED_EXIT_CODE } from '../electron/main/app/debug-guard';
import { MemoryLogger } from '../electron/main/adapters/logger';

vi.mock('electron', () => import('./support/fake-electron'));

// Registered before useAppStart's hooks, which set the fake app's userData path.
beforeEach(() => {
  resetFakeElectron();
  vi.restoreAllMocks();
});

const { dir, start } = useAppStart();

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
      ipcMain.invoke('auth:needsSetup', { sender: evil, senderFrame: evil.mainFrame }),
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
