/**
 * Copy through main (issue 17): the window denies every permission, so Copy is a main-process
 * channel. Electron's clipboard is faked; the pipeline is the real one on a machine without a
 * directory (offline review copies fingerprints signed out, before any setup).
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { clipboard, resetFakeElectron } from './support/fake-electron';
import { electronClipboard } from '../electron/main/app/clipboard';
import { MemoryClipboard } from '../electron/main/adapters/clipboard.port';
import { MemoryLogger } from '../electron/main/adapters/logger';
import { buildDesktopServices } from '../electron/main/services/desktop';
import { buildDesktopPipeline } from '../electron/main/ipc/transport';
import type { DirectoryAccess } from '../electron/main/ipc/directory-gate';
import { CLIPBOARD_MAX } from '../shared/ipc/contracts/clipboard.contract';
import type { Result } from '../shared/result';
import { APP_ORIGIN, windowCaller } from './support/services';

vi.mock('electron', () => import('./support/fake-electron'));

beforeEach(() => {
  resetFakeElectron();
});

/** A computer where first-run setup never happened. */
const noDirectory: DirectoryAccess = {
  existing: () => Promise.resolve(null),
  create: () => Promise.reject(new Error('setup is not part of this test')),
  onOpen: () => undefined,
};

function pipelineOn(port: MemoryClipboard | typeof electronClipboard) {
  const desktop = buildDesktopServices({ clipboard: port, userDataDir: '/nonexistent-never-written' });
  return buildDesktopPipeline(desktop, noDirectory, {
    isTrustedUrl: (url) => url.startsWith(`${APP_ORIGIN}/`),
    logger: new MemoryLogger(),
  });
}

describe('clipboard:writeText', () => {
  it("the shell adapter writes and reads through Electron's main-process clipboard", async () => {
    await electronClipboard.writeText('a1b2');
    expect(clipboard.writes).toEqual(['a1b2']);
    clipboard.text = 'from elsewhere';
    expect(await electronClipboard.readText()).toBe('from elsewhere');
  });

  it('a signed-out window copies a fingerprint through the real pipeline into Electronʼs clipboard', async () => {
    const pipeline = pipelineOn(electronClipboard);
    const r = await pipeline.dispatch(windowCaller('wc:1').caller, 'clipboard:writeText', {
      text: 'ab'.repeat(32),
      secret: false,
    });
    expect(r).toEqual({ ok: true, value: null });
    expect(clipboard.text).toBe('ab'.repeat(32));
  });

  it('refuses too long, empty, extra-key and untrusted-frame calls, and writes nothing', async () => {
    const port = new MemoryClipboard();
    port.text = 'untouched';
    const pipeline = pipelineOn(port);
    const main = windowCaller('wc:1').caller;
    const codes: Result<unknown>[] = [];
    for (const payload of [
      { text: 'x'.repeat(CLIPBOARD_MAX + 1), secret: true },
      { text: '', secret: false },
      { text: 'x' },
      { text: 'x', secret: 'yes' },
      { text: 'x', secret: false, html: '<b>x</b>' },
    ])
      codes.push(await pipeline.dispatch(main, 'clipboard:writeText', payload));
    const sub = windowCaller('wc:1', { isMainFrame: false }).caller;
    codes.push(await pipeline.dispatch(sub, 'clipboard:writeText', { text: 'x', secret: false }));
    expect(codes.map((c) => (c.ok ? 'ok' : c.code))).toEqual([
      'invalid_input',
      'invalid_input',
      'invalid_input',
      'invalid_input',
      'invalid_input',
      'forbidden_sender',
    ]);
    expect(port.text).toBe('untouched');
    // The longest allowed text passes.
    const ok = await pipeline.dispatch(main, 'clipboard:writeText', {
      text: 'y'.repeat(CLIPBOARD_MAX),
      secret: true,
    });
    expect(ok.ok).toBe(true);
    expect(port.text).toHaveLength(CLIPBOARD_MAX);
  });
});
