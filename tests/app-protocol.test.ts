import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { app, protocol } from './support/fake-electron';
import { APP_INDEX_URL, registerAppScheme, serveRenderer } from '../electron/main/app/app-protocol';
import { removeDir, tempDir } from './support/services';

vi.mock('electron', () => import('./support/fake-electron'));

const dir = tempDir('portcullis-protocol-');
const renderer = join(dir, 'renderer');
mkdirSync(join(renderer, 'assets'), { recursive: true });
writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Portcullis</title>');
writeFileSync(join(renderer, 'assets', 'index-abc.js'), 'console.log(1)');
// Beside the renderer folder: must never be served.
writeFileSync(join(dir, 'secret.txt'), 'not for the renderer');
mkdirSync(join(dir, 'renderer-evil'));
writeFileSync(join(dir, 'renderer-evil', 'x.js'), 'evil');

afterAll(() => {
  removeDir(dir);
});

describe('app:// protocol (the packaged renderer, instead of file://)', () => {
  it('registers app as a standard, secure scheme before ready and serves only the renderer folder', async () => {
    registerAppScheme();
    expect(protocol.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    await app.whenReady();
    serveRenderer(renderer);
    const get = async (url: string) => {
      const r = await protocol.request(url);
      return { status: r.status, body: await r.text() };
    };
    expect(APP_INDEX_URL).toBe('app://portcullis/index.html');
    expect(await get(APP_INDEX_URL)).toEqual({
      status: 200,
      body: '<!doctype html><title>Portcullis</title>',
    });
    expect((await get('app://portcullis/')).status).toBe(200);
    expect(await get('app://portcullis/assets/index-abc.js?v=1#x')).toEqual({
      status: 200,
      body: 'console.log(1)',
    });
    const refused = [
      'app://portcullis/../secret.txt',
      'app://portcullis/%2e%2e/secret.txt',
      'app://portcullis/..%2fsecret.txt',
      'app://portcullis/assets/..%2f..%2fsecret.txt',
      'app://portcullis/../renderer-evil/x.js',
      'app://portcullis/%E0%A4%A',
      'app://portcullis/assets',
      'app://portcullis/missing.js',
      'app://evil.example/index.html',
      'app://portcullis.evil/index.html',
    ];
    for (const url of refused) expect((await get(url)).status, url).toBe(404);
    console.log(`app:// protocol: 3 renderer URLs served, ${String(refused.length)} refused with 404`);
  });

  it('cannot be registered after ready (Electron would ignore it and the page would load from nowhere)', async () => {
    await app.whenReady();
    expect(() => {
      registerAppScheme();
    }).toThrow(/before app is ready/);
  });
});
