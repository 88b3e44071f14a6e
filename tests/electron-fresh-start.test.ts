/**
 * The composition root on a computer that never saw a directory (issue 18, item 5), against the
 * fake 'electron' with the real services behind it: no database file and no keychain call until
 * first-run setup; review and trusted-signer channels answer before it; the app opened with an
 * export (command line, second instance, macOS open-file) and File → Review an Audit Export…
 * send the window to the review route.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { app, BrowserWindow, FakeEvent, ipcMain, Menu, resetFakeElectron } from './support/fake-electron';
import { asResult, lastWindow, useAppStart } from './support/shell';
import { OWNER } from './support/people';

vi.mock('electron', () => import('./support/fake-electron'));

beforeEach(() => {
  resetFakeElectron();
});

const APP_PAGE = 'app://portcullis/index.html';

/** Calls a channel from the main frame of the app's main window (the first one made). */
async function call(channel: string, payload: unknown = {}) {
  const main = BrowserWindow.created[0];
  if (!main) throw new Error('The app made no window.');
  const contents = main.webContents;
  return asResult(
    await ipcMain.invoke(channel, { sender: contents, senderFrame: contents.mainFrame }, payload),
  );
}

/** Counts the keychain calls of the KeytarKeychain module index.ts is about to import. */
async function spyKeychain() {
  const { KeytarKeychain } = await import('../electron/main/adapters/keytar.keychain');
  return {
    get: vi.spyOn(KeytarKeychain.prototype, 'get'),
    set: vi.spyOn(KeytarKeychain.prototype, 'set'),
  };
}

describe('a fresh computer (no database file)', () => {
  const { dir, start } = useAppStart();
  const dbFile = () => join(dir(), 'userData', 'portcullis.db');

  it('creates nothing until setup: review answers, directory channels say set up first, setup creates both', async () => {
    const keychain = await spyKeychain();
    await start();
    expect(await call('auth:needsSetup')).toEqual({ ok: true, value: { needsSetup: true } });
    expect(await call('review:trustedSigners')).toEqual({ ok: true, value: [] });
    expect(await call('review:openPending')).toEqual({ ok: true, value: null });
    for (const channel of ['auth:me', 'passwordReset:status', 'users:list']) {
      const answer = await call(channel, channel === 'users:list' ? { limit: 10 } : {});
      expect(answer.ok, channel).toBe(false);
    }
    const signIn = await call('auth:signIn', { login: OWNER.username, password: OWNER.password });
    expect(signIn).toMatchObject({ ok: false, message: expect.stringContaining('no directory') as unknown });
    // A password the policy refuses is refused before anything exists.
    expect(await call('auth:createOwner', { ...OWNER, password: 'short' })).toMatchObject({
      ok: false,
      code: 'password_policy',
    });
    expect(existsSync(dbFile())).toBe(false);
    expect(existsSync(join(dir(), 'userData')) ? readdirSync(join(dir(), 'userData')) : []).not.toContain(
      'portcullis.db',
    );
    expect(keychain.get).not.toHaveBeenCalled();
    expect(keychain.set).not.toHaveBeenCalled();

    const created = await call('auth:createOwner', OWNER);
    expect(created).toMatchObject({ ok: true, value: { user: { username: OWNER.username } } });
    expect(existsSync(dbFile())).toBe(true);
    expect(keychain.set).toHaveBeenCalledTimes(1); // the data key, named by the directory
    expect(keychain.set.mock.calls[0]?.[0]).toMatch(/^data-key/);
    expect(await call('auth:needsSetup')).toEqual({ ok: true, value: { needsSetup: false } });
    expect(await call('auth:me')).toMatchObject({ ok: true, value: { username: OWNER.username } });
    expect(await call('auth:createOwner', OWNER)).toMatchObject({ ok: false, code: 'setup_already_done' });
  });

  it('opened with an export on the command line: the first page is the review, which takes the file once', async () => {
    const file = join(dir(), 'handed-over.jsonl');
    writeFileSync(file, 'not an export\n');
    process.argv.push('--no-sandbox-probe', file);
    await start();
    expect(lastWindow().webContents.loaded).toEqual([`${APP_PAGE}#/review?pending=1`]);
    const opened = await call('review:openPending');
    expect(opened).toMatchObject({ ok: true, value: { fileName: 'handed-over.jsonl' } });
    expect(await call('review:openPending')).toEqual({ ok: true, value: null });
    if (opened.ok) await call('review:close', { id: (opened.value as { id: string }).id });
    expect(existsSync(dbFile())).toBe(false);
  });

  it('a second instance with an export and macOS open-file send the open window to the review', async () => {
    await start();
    const win = lastWindow();
    win.minimized = true;
    app.emit(
      'second-instance',
      new FakeEvent(),
      ['/opt/Portcullis/portcullis', '--flag', 'b.jsonl'],
      '/home/ann',
    );
    expect(win.calls).toEqual(['restore', 'focus']);
    expect(win.webContents.loaded.at(-1)).toBe(`${APP_PAGE}#/review?pending=1`);
    const event = new FakeEvent();
    app.emit('open-file', event, '/Users/ann/Downloads/c.jsonl');
    expect(event.defaultPrevented).toBe(true);
    expect(win.webContents.loaded.at(-1)).toBe(`${APP_PAGE}#/review?pending=2`);
    // The latest file wins; a start without a file changes nothing.
    app.emit('second-instance', new FakeEvent(), ['/opt/Portcullis/portcullis'], '/home/ann');
    expect(win.webContents.loaded).toHaveLength(3);
    // Only the main window goes to the review, even when another one (the provider's sign-in) has focus.
    const provider = new BrowserWindow();
    vi.spyOn(BrowserWindow, 'getFocusedWindow').mockReturnValue(provider);
    app.emit('open-file', new FakeEvent(), '/Users/ann/Downloads/c.jsonl');
    expect(provider.webContents.loaded).toEqual([]);
    expect(win.webContents.loaded.at(-1)).toBe(`${APP_PAGE}#/review?pending=3`);
    const pending = await call('review:openPending');
    expect(pending).toMatchObject({ ok: false, code: 'not_found' }); // c.jsonl does not exist here
    expect(await call('review:openPending')).toEqual({ ok: true, value: null });
  });

  it('File → Review an Audit Export… (installed app) sends the window to the review, which asks for a file', async () => {
    app.isPackaged = true;
    await start();
    const item = Menu.getApplicationMenu()
      ?.allItems()
      .find((i) => i.label === 'Review an Audit Export…');
    expect(item?.click).toBeTypeOf('function');
    (item?.click as () => void)();
    (item?.click as () => void)();
    expect(lastWindow().webContents.loaded.slice(1)).toEqual([
      `${APP_PAGE}#/review?open=1`,
      `${APP_PAGE}#/review?open=2`,
    ]);
    expect(BrowserWindow.created).toHaveLength(1);
    expect(existsSync(dbFile())).toBe(false);
  });
});

describe('reviewFileArgument', () => {
  it('takes the last .jsonl argument, resolved against the working folder; skips the program, switches and --db', async () => {
    const { reviewFileArgument } = await import('../electron/main/app/open-review');
    expect(reviewFileArgument(['/opt/p/portcullis', 'a.jsonl', '--x', 'sub/B.JSONL'], '/home/ann')).toBe(
      join('/home/ann', 'sub/B.JSONL'),
    );
    expect(reviewFileArgument(['/opt/p/x.jsonl'], '/home/ann')).toBeNull();
    expect(reviewFileArgument(['/opt/p/portcullis', '--db', 'db.jsonl', '--flag=a.jsonl'], '/')).toBeNull();
    expect(reviewFileArgument(['electron', '.', 'export.json', 'export.jsonl.txt'], '/')).toBeNull();
    expect(reviewFileArgument(undefined)).toBeNull();
    // A Linux desktop entry may pass the file as a file:// URL; other URLs are not files.
    expect(reviewFileArgument(['portcullis', 'file:///home/ann/My%20Exports/a.jsonl'], '/')).toBe(
      '/home/ann/My Exports/a.jsonl',
    );
    expect(
      reviewFileArgument(['portcullis', 'https://example.com/a.jsonl', 'file://remote/a.jsonl'], '/'),
    ).toBeNull();
  });
});
