import { join } from 'node:path';
import { KeytarKeychain } from '../../electron/main/adapters/keytar.keychain';
import { MemoryLogger } from '../../electron/main/adapters/logger';
import { startServer, type RunningServer, type ServerOptions } from '../../electron/main/server';
import { OWNER } from './people';
import { removeDir, tempDir } from './services';

/** A team server on 127.0.0.1 (a free port) over a fresh SQLite file, with the owner created. */
export interface TestServer {
  server: RunningServer;
  url: string;
  log: MemoryLogger;
  accessLog: MemoryLogger;
  dir: string;
  close(): Promise<void>;
}

/** Starts a real listening server; `over` changes its options (limits, TLS, listen). */
export async function startTestServer(over: Partial<ServerOptions> = {}): Promise<TestServer> {
  const dir = tempDir('portcullis-server-');
  const log = new MemoryLogger();
  const accessLog = new MemoryLogger();
  const server = await startServer({
    db: join(dir, 'portcullis.db'),
    listen: '127.0.0.1:0',
    keychain: new KeytarKeychain('Portcullis-test'),
    logger: log,
    accessLog,
    ...over,
  });
  await server.container.services.auth.createOwner(OWNER, { ip: '127.0.0.1', userAgent: 'test' });
  return {
    server,
    url: server.url,
    log,
    accessLog,
    dir,
    close: async () => {
      await server.close();
      removeDir(dir);
    },
  };
}

/** The answer of one call: HTTP status, headers and the parsed JSON body. */
export interface CallAnswer {
  status: number;
  headers: Headers;
  body: { ok: boolean; value?: unknown; code?: string; message?: string };
}

/** `POST /api/<channel>` with a JSON payload and, when given, a bearer token. */
export async function callApi(
  url: string,
  channel: string,
  payload?: unknown,
  o: { token?: string; headers?: Record<string, string> } = {},
): Promise<CallAnswer> {
  const res = await fetch(`${url}/api/${channel}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
      ...o.headers,
    },
    body: payload === undefined ? '' : JSON.stringify(payload),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as CallAnswer['body'] };
}

/** Signs in over HTTP and returns the session token from the response header. */
export async function signInHttp(url: string, login: string, password: string): Promise<string> {
  const r = await callApi(url, 'auth:signIn', { login, password });
  const token = r.headers.get('portcullis-session-token');
  if (r.status !== 200 || !r.body.ok || !token) throw new Error(`sign-in failed: ${JSON.stringify(r.body)}`);
  return token;
}
