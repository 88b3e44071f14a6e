import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkConnection,
  ConnectionError,
  CONNECTION_FILE,
  loadConnection,
  parseServerUrl,
  saveConnection,
} from '../electron/main/remote/connection';
import { MemoryLogger } from '../electron/main/adapters/logger';
import { RemoteDirectory } from '../electron/main/remote';
import { ok } from '../shared/result';
import { removeDir, tempDir } from './support/services';

const PIN = Array.from({ length: 32 }, (_, i) => i.toString(16).padStart(2, '0').toUpperCase()).join(':');

describe('team server connection settings', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('portcullis-connection-');
  });
  afterAll(() => {
    removeDir(dir);
  });

  it('accepts https anywhere and plain http only on loopback', () => {
    expect(parseServerUrl('https://directory.example.com:8443').origin).toBe(
      'https://directory.example.com:8443',
    );
    expect(parseServerUrl('http://127.0.0.1:8080').origin).toBe('http://127.0.0.1:8080');
    expect(parseServerUrl('http://[::1]:8080').origin).toBe('http://[::1]:8080');
    expect(parseServerUrl('http://localhost:8080').origin).toBe('http://localhost:8080');
    for (const bad of [
      'http://directory.example.com',
      'http://10.0.0.5:8080',
      'http://127.0.0.1.evil.example',
      'ftp://127.0.0.1',
      'https://user:pw@directory.example.com',
      'https://directory.example.com/api',
      'https://directory.example.com/?x=1',
      'not a url',
    ])
      expect(() => parseServerUrl(bad), bad).toThrow(ConnectionError);
    expect(() => parseServerUrl('http://10.0.0.5')).toThrow(/clear text/);
    // A relay built in code is held to the same rules (no plain http to another host).
    const local = { dispatch: () => Promise.resolve(ok(null)), forget: () => undefined };
    expect(
      () =>
        new RemoteDirectory(
          { url: 'http://10.0.0.5', trust: { kind: 'none' } },
          local,
          () => true,
          new MemoryLogger(),
        ),
    ).toThrow(/clear text/);
  });

  it('an https server needs a pin or a CA file; a pin must be a SHA-256 fingerprint', () => {
    expect(() => checkConnection({ url: 'https://d.example', trust: { kind: 'none' } })).toThrow(
      /fingerprint or a CA/,
    );
    expect(() =>
      checkConnection({ url: 'https://d.example', trust: { kind: 'pinned', fingerprint256: 'AB:CD' } }),
    ).toThrow(ConnectionError);
    expect(() =>
      checkConnection({ url: 'http://127.0.0.1:1', trust: { kind: 'pinned', fingerprint256: PIN } }),
    ).toThrow(/no certificate/);
  });

  it('saves only the address and the trust (mode 600), reads it back, refuses a damaged file', () => {
    const userData = join(dir, 'userData');
    expect(loadConnection(userData)).toBeNull();
    saveConnection(userData, {
      url: 'https://d.example:8443/',
      trust: { kind: 'pinned', fingerprint256: PIN },
    });
    const file = join(userData, CONNECTION_FILE);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      url: 'https://d.example:8443',
      trust: { kind: 'pinned', fingerprint256: PIN },
    });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadConnection(userData)).toEqual({
      url: 'https://d.example:8443',
      trust: { kind: 'pinned', fingerprint256: PIN },
    });
    // Extra fields (a token someone added) are refused, not carried along.
    writeFileSync(
      file,
      JSON.stringify({ url: 'https://d.example', trust: { kind: 'ca', caFile: '/x' }, token: 'pcs_x' }),
    );
    expect(() => loadConnection(userData)).toThrow(ConnectionError);
    writeFileSync(file, '{');
    expect(() => loadConnection(userData)).toThrow(/damaged/);
    // A refused save writes nothing.
    const other = join(dir, 'other');
    expect(() => {
      saveConnection(other, { url: 'http://10.0.0.5', trust: { kind: 'none' } });
    }).toThrow(ConnectionError);
    expect(existsSync(join(other, CONNECTION_FILE))).toBe(false);
  });

  it('a loopback server that answers something other than a Result, or nothing, gives a clear error, never a throw', async () => {
    const server = createServer((req, res) => {
      if (req.url === '/api/auth%3Ame') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"token":"pcs_leak"}');
      } else {
        req.socket.destroy();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const pipeline = { dispatch: () => Promise.resolve(ok('local')), forget: () => undefined };
    const relay = new RemoteDirectory(
      { url, trust: { kind: 'none' } },
      pipeline,
      () => true,
      new MemoryLogger(),
    );
    const caller = {
      key: 'wc:1',
      frameUrl: 'app://x/',
      isMainFrame: true,
      client: { ip: '::1', userAgent: 'ua' },
      push: () => undefined,
    };
    try {
      const odd = await relay.dispatch(caller, 'auth:me', undefined);
      expect(odd).toMatchObject({ ok: false, code: 'provider_unavailable' });
      expect(JSON.stringify(odd)).not.toContain('pcs_leak');
      const cut = await relay.dispatch(caller, 'users:list', {});
      expect(cut).toMatchObject({ ok: false, code: 'provider_unavailable' });
      expect(cut.ok ? '' : cut.message).toContain(url);
      expect(await relay.dispatch(caller, 'review:close', { id: 'x' })).toEqual(ok('local'));
    } finally {
      relay.close();
      await new Promise((r) => server.close(r));
    }
  });
});
