import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyFileError, KeyFileKeychain } from '../electron/main/adapters/key-file.keychain';
import { MemoryLogger } from '../electron/main/adapters/logger';
import { startServer } from '../electron/main/server';
import { bundleCli } from './support/cli-bundle';
import { removeDir, tempDir } from './support/services';
import { selfSigned } from './support/self-signed';

/** A self-signed certificate for 127.0.0.1 as files (the CLI reads them by path). */
function selfSignedFiles(dir: string): { cert: string; key: string } {
  selfSigned(dir, 'portcullis-test');
  return { cert: join(dir, 'portcullis-test.pem'), key: join(dir, 'portcullis-test.key') };
}

function get(url: string, ca?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = (url.startsWith('https') ? httpsRequest : httpRequest)(url, ca ? { ca } : {}, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('team server: TLS, key file, the serve command', () => {
  let dir: string;
  let pem: { cert: string; key: string };
  beforeAll(() => {
    dir = tempDir('portcullis-tls-');
    pem = selfSignedFiles(dir);
  });
  afterAll(() => {
    removeDir(dir);
  });

  it('serves HTTPS with the given certificate, keeps its keys in a private key file, and serves /openapi.json', async () => {
    const keyFile = join(dir, 'keys.json');
    const server = await startServer({
      db: join(dir, 'tls.db'),
      listen: '127.0.0.1:0',
      tls: { cert: readFileSync(pem.cert), key: readFileSync(pem.key) },
      keychain: new KeyFileKeychain(keyFile),
      logger: new MemoryLogger(),
    });
    try {
      expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      // A client that does not trust the certificate is refused; one given the CA gets through.
      await expect(get(`${server.url}/health`)).rejects.toThrow(/self[- ]signed/i);
      expect((await get(`${server.url}/health`, readFileSync(pem.cert, 'utf8'))).status).toBe(200);
      const doc = await get(`${server.url}/openapi.json`, readFileSync(pem.cert, 'utf8'));
      expect(doc.status).toBe(200);
      const paths = Object.keys((JSON.parse(doc.body) as { paths: object }).paths);
      expect(paths).toContain('/api/users:list');
      expect(paths).not.toContain('/api/review:open');
      expect(paths).not.toContain('/api/auth:createOwner');
    } finally {
      await server.close();
    }
    // The data key and the session token key are in the file, which only its owner can read.
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const accounts = Object.keys(JSON.parse(readFileSync(keyFile, 'utf8')) as object);
    expect(accounts.some((a) => a.startsWith('data-key:'))).toBe(true);
    expect(accounts.some((a) => a.startsWith('server-session-key:'))).toBe(true);
  });

  it('refuses a key file others can read, and one that is not JSON', async () => {
    const loose = join(dir, 'loose.json');
    writeFileSync(loose, '{}');
    chmodSync(loose, 0o644);
    await expect(new KeyFileKeychain(loose).check()).rejects.toThrow(/chmod 600/);
    chmodSync(loose, 0o640);
    await expect(new KeyFileKeychain(loose).get('x')).rejects.toThrow(KeyFileError);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, 'not json', { mode: 0o600 });
    await expect(new KeyFileKeychain(broken).check()).rejects.toThrow(/not valid JSON/);
  });

  it('portcullis serve: refuses plain HTTP beyond loopback; on SIGTERM finishes the request in flight, then exits 0', async () => {
    const cli = bundleCli('serve');
    const keyFile = join(dir, 'serve-keys.json');
    const refused = spawnSync(
      process.execPath,
      [cli, 'serve', '--db', join(dir, 'x.db'), '--listen', '0.0.0.0:0', '--key-file', keyFile],
      { encoding: 'utf8' },
    );
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/Refusing to serve on 0\.0\.0\.0 without TLS/);
    const child = spawn(process.execPath, [
      cli,
      'serve',
      '--db',
      join(dir, 'serve.db'),
      '--listen',
      '127.0.0.1:0',
      '--key-file',
      keyFile,
    ]);
    let out = '';
    const seen = (re: RegExp) =>
      new Promise<RegExpMatchArray>((resolve, reject) => {
        const check = () => {
          const m = re.exec(out);
          if (m) resolve(m);
        };
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          check();
        });
        child.once('exit', () => {
          reject(new Error(`serve exited early: ${out}`));
        });
        check();
      });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const url = (await seen(/team server on (http:\/\/127\.0\.0\.1:\d+)/))[1] ?? '';
    expect((await get(`${url}/ready`)).status).toBe(200);

    // A request whose body is still arriving when SIGTERM comes: it must still be answered.
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        `${url}/api/auth:needsSetup`,
        { method: 'POST', headers: { 'content-type': 'application/json', expect: '100-continue' } },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, body });
          });
        },
      );
      req.on('error', reject);
      req.once('continue', () => {
        req.write('{');
        child.kill('SIGTERM');
        void seen(/SIGTERM: finishing/).then(() => req.end('}'));
      });
      req.flushHeaders();
    });
    const r = await answer;
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ ok: true, value: { needsSetup: true } });
    expect(await exited).toBe(0);
    expect(out).toContain('Stopped.');
    await expect(get(`${url}/health`)).rejects.toThrow(/ECONNREFUSED/);
  });
});
