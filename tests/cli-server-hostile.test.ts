import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../cli/io';
import { bundleCli, type CliRun } from './support/cli-bundle';

// The CLI against a server that is not what it should be: it must not follow, trust or echo it.
const root = join(__dirname, '..');
const TOKEN = 'pcl_hostile-test-token';
let script = '';
let server: Server;
let url = '';
let answer: (req: IncomingMessage, res: ServerResponse) => void = () => undefined;
const seen: { method?: string; url?: string; headers: IncomingMessage['headers']; body: string }[] = [];

function run(args: string[]): Promise<CliRun> {
  const env = { ...process.env, PORTCULLIS_SERVER: url, PORTCULLIS_TOKEN: TOKEN };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: root, env });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('close', (code) => {
      resolve({ code, out, err });
    });
  });
}

beforeAll(async () => {
  script = bundleCli('cli-server-hostile');
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      answer(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('portcullis --server against a hostile or wrong server', () => {
  it('sends POST /api/<channel> with the bearer token and the validated JSON body, nothing else', async () => {
    seen.length = 0;
    answer = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, value: { items: [], total: 0 } }));
    };
    const r = await run(['user', 'list', '--json', '--search', 'ann']);
    expect(r.code, r.err).toBe(EXIT.ok);
    expect(JSON.parse(r.out)).toEqual([]);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/api/users:list' });
    expect(seen[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(seen[0]?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({
      search: 'ann',
      sort: 'username',
      direction: 'asc',
      page: 1,
      pageSize: 500,
    });
  });

  it('strips terminal escape sequences and direction overrides from what the server says', async () => {
    answer = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ ok: false, code: 'internal', message: '\u001b[2J\u001b]0;owned\u0007gone\u202e' }),
      );
    };
    const r = await run(['user', 'list']);
    expect(r.code).toBe(EXIT.failed);
    expect(r.err).toContain('gone');
    for (const c of ['\u001b', '\u0007', '\u202e']) expect(r.err).not.toContain(c);
  });

  it('does not follow a redirect (the token would go elsewhere) nor take HTML or empty answers as success', async () => {
    for (const [status, headers, body] of [
      [302, { location: 'https://attacker.example/api/users:list' }, ''],
      [200, { 'content-type': 'text/html' }, '<html>login</html>'],
      [200, { 'content-type': 'application/json' }, ''],
      [200, { 'content-type': 'application/json' }, '{"value":[1]}'],
      [502, { 'content-type': 'text/plain' }, 'Bad gateway'],
    ] as const) {
      seen.length = 0;
      answer = (_req, res) => {
        res.writeHead(status, headers);
        res.end(body);
      };
      const r = await run(['user', 'list']);
      expect(r.code, `${status} ${body}`).toBe(EXIT.environment);
      expect(r.err).toContain('did not answer like a Portcullis team server');
      expect(r.out).toBe('');
      expect(seen).toHaveLength(1);
    }
  });

  it('refuses bad arguments before sending anything', async () => {
    seen.length = 0;
    const r = await run(['session', 'end', '--id', 'not-a-session']);
    expect(r.code).toBe(EXIT.usage);
    expect(seen).toHaveLength(0);
  });
});
