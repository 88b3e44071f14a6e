import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../shared/ipc/contract';
import { DIRECTORY_CHANNELS } from '../shared/ipc/scope';
import { ROLES, type Role } from '../shared/domain/roles';
import { malformedPayloads } from './support/fuzz-payloads';
import { EXPECTED } from './support/permission-expectations';
import { callApi, signInHttp, startTestServer, type TestServer } from './support/team-server';
import { OWNER } from './support/people';

const PASSWORD = 'fuzzing over http is fun';

/** Every row of every table; a token's last use and a session's last activity are left out (checking them records them). */
function snapshot(t: TestServer): string {
  const db = t.server.container.database.sqlite;
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
    name: string;
  }[];
  return JSON.stringify(
    tables.map((x) => [
      x.name,
      (db.prepare(`SELECT * FROM "${x.name}"`).all() as Record<string, unknown>[]).map((r) =>
        x.name === 'api_tokens'
          ? { ...r, last_used_at: null }
          : x.name === 'sessions'
            ? { ...r, last_seen_at: null }
            : r,
      ),
    ]),
  );
}

/** What survives the trip through JSON (the wire); null when it cannot be sent as JSON at all. */
function overTheWire(p: unknown): { payload: unknown } | null {
  if (p === undefined) return { payload: undefined };
  try {
    // JSON.stringify answers undefined for a function or a symbol, whatever its declared type says.
    const text = JSON.stringify(p) as unknown;
    return { payload: typeof text === 'string' ? (JSON.parse(text) as unknown) : undefined };
  } catch {
    return null;
  }
}

/** A raw request, for what fetch refuses to send. */
function raw(
  url: string,
  o: { method: string; path: string; headers?: Record<string, string>; body?: string },
) {
  return new Promise<number>((resolve, reject) => {
    // host, port and path apart: a URL would normalise "/api/x/../y" before it is sent.
    const { hostname, port } = new URL(url);
    const req = request({ hostname, port, path: o.path, method: o.method, headers: o.headers }, (res) => {
      res.resume();
      res.on('end', () => {
        resolve(res.statusCode ?? 0);
      });
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

describe('team server: the HTTP surface fuzzed', () => {
  let t: TestServer;
  const sessions = new Map<Role, string>();
  const tokens = new Map<Role, string>();
  beforeAll(async () => {
    const loose = { burst: 1_000_000, perSecond: 1_000_000 };
    t = await startTestServer({ limits: { perClient: loose, perPrincipal: loose } });
    const client = { ip: '127.0.0.1', userAgent: 'fuzz' };
    for (const role of ROLES) {
      if (role !== 'owner')
        await t.server.container.services.users.create(
          {
            username: role,
            displayName: role,
            email: `${role}@example.com`,
            phone: null,
            role,
            canChangePassword: true,
            canSendSms: false,
            password: PASSWORD,
          },
          null,
          client,
        );
      const session = await signInHttp(
        t.url,
        role === 'owner' ? OWNER.username : role,
        role === 'owner' ? OWNER.password : PASSWORD,
      );
      sessions.set(role, session);
      const made = await callApi(
        t.url,
        'tokens:create',
        { name: `fuzz-${role}`, months: 1, role },
        { token: session },
      );
      tokens.set(role, (made.body.value as { secret: string }).secret);
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers every malformed payload on every directory channel with a Result, never a 5xx, and writes nothing', async () => {
    const before = snapshot(t);
    const callers: [string, string | undefined][] = [
      ['no bearer', undefined],
      ['owner session', sessions.get('owner')],
      ['member token', tokens.get('member')],
    ];
    const statuses = new Map<number, number>();
    let calls = 0;
    for (const name of DIRECTORY_CHANNELS) {
      // What survives the trip through JSON and is still refused by the schema.
      const payloads = malformedPayloads(contract[name].input, 6)
        .slice(0, 6)
        .map(overTheWire)
        .flatMap((w) => (w && !contract[name].input.safeParse(w.payload).success ? [w.payload] : []));
      await Promise.all(
        callers.flatMap(([who, token]) =>
          payloads.map(async (payload) => {
            const r = await callApi(t.url, name, payload, token ? { token } : {});
            calls++;
            statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
            if (r.status !== 200 || r.body.ok || r.body.code !== 'invalid_input')
              throw new Error(`${name} as ${who}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
          }),
        ),
      );
    }
    expect(snapshot(t) === before, 'database changed').toBe(true);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    console.log(
      `HTTP schema fuzz: ${DIRECTORY_CHANNELS.length} channels, ${calls} calls, statuses ${JSON.stringify(Object.fromEntries(statuses))}, database unchanged`,
    );
  }, 120_000);

  it('refuses every role-gated channel to the roles without it, by token (and a member session), writing nothing', async () => {
    const before = snapshot(t);
    let refusals = 0;
    for (const name of DIRECTORY_CHANNELS) {
      const e = EXPECTED[name];
      if (!e || !Array.isArray(e.who)) continue;
      const allowed = e.who as readonly Role[];
      const payload = e.payload?.({ victimId: 2 });
      for (const role of ROLES.filter((r) => !allowed.includes(r)))
        for (const [kind, bearer] of [
          // A session for the lowest role, tokens for every role (the session path is the IPC one).
          ...(role === 'member' ? [['session', sessions.get(role)] as const] : []),
          ['token', tokens.get(role)] as const,
        ]) {
          const r = await callApi(t.url, name, payload, { token: bearer });
          expect(r.body, `${name} as ${role} ${kind}`).toMatchObject({
            ok: false,
            code: 'permission_denied',
          });
          refusals++;
        }
    }
    expect(refusals).toBeGreaterThan(100);
    expect(snapshot(t) === before, 'database changed').toBe(true);
    console.log(
      `HTTP permission matrix: ${refusals} refusals (a token per role, a member session), database unchanged`,
    );
  }, 120_000);

  it('survives malformed HTTP: deep JSON, junk bytes, odd methods and paths, oversized headers', async () => {
    const json = { 'content-type': 'application/json' };
    const owner = { ...json, authorization: `Bearer ${sessions.get('owner') ?? ''}` };
    const cases: [Parameters<typeof raw>[1], number[]][] = [
      [{ method: 'POST', path: '/api/users:list', headers: owner, body: '['.repeat(2 * 1024 * 1024) }, [413]],
      [
        {
          method: 'POST',
          path: '/api/users:list',
          headers: owner,
          body: `${'['.repeat(500_000)}${']'.repeat(500_000)}`,
        },
        [200, 400],
      ],
      [
        {
          method: 'POST',
          path: '/api/users:list',
          headers: owner,
          body: `${'['.repeat(2000)}${']'.repeat(2000)}`,
        },
        [200],
      ],
      [
        { method: 'POST', path: '/api/users:list', headers: owner, body: '\u0000\u00ff\ufffe garbage' },
        [400],
      ],
      [{ method: 'POST', path: '/api/users:list', headers: owner, body: '"just a string"' }, [200]],
      [{ method: 'DELETE', path: '/api/users:list', headers: owner }, [405]],
      [{ method: 'OPTIONS', path: '/api/users:list', headers: { origin: 'https://evil.example' } }, [405]],
      [{ method: 'POST', path: '/api/../health', headers: json, body: '{}' }, [404, 405]],
      [{ method: 'POST', path: '/api/users:list/../auth:me', headers: owner, body: '{}' }, [404]],
      [{ method: 'GET', path: `/exports/${'0'.repeat(32)}`, headers: owner }, [404]],
      [{ method: 'GET', path: '/exports/../../etc/passwd', headers: owner }, [404]],
      [
        {
          method: 'POST',
          path: '/api/users:list',
          headers: { ...owner, 'x-big': 'x'.repeat(64 * 1024) },
          body: '{}',
        },
        [431],
      ],
    ];
    for (const [c, expected] of cases)
      expect(expected, `${c.method} ${c.path}`).toContain(await raw(t.url, c));
    expect((await fetch(`${t.url}/health`)).status).toBe(200);
  });
});
