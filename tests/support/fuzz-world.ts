import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from '../../shared/domain/roles';
import type { Result } from '../../shared/result';
import { totpCode } from '../../electron/main/security/totp';
import { removeDir, startServices, windowCaller, type TestApp } from './services';
import { startSmtpServer, type TestSmtpServer } from './smtp-server';
import { startSmsGateway, type TestSmsGateway } from './sms-gateway';
import { httpOpener, startFlespiProvider, type FlespiProvider } from './flespi-provider';
import { configureDelivery } from './delivery';

/** Who sends a fuzzed call: a role's signed-in window, or a window with no session. */
export type Who = Role | 'no session';

/** One fuzzing window: its IPC key, its user (none for 'no session') and that user's password. */
export interface FuzzCaller {
  who: Who;
  key: string;
  username: string | null;
  password: string;
  userId: number | null;
  /** The session the window is bound to now (re-created when a fuzzed call ends it). */
  sessionId: string | null;
}

/** Member B, the victim: everything A must never see or change. */
export interface Victim {
  username: string;
  userId: number;
  key: string;
  totpSecret: string;
  backupCodes: string[];
  tokenSecret: string;
  sessionId: string;
}

const OWNER_PASSWORD = 'olga owns the whole directory 2026';
const PEOPLE: { username: string; role: Exclude<Role, 'owner'>; phone: string }[] = [
  { username: 'adam', role: 'admin', phone: '+447700900111' },
  { username: 'sam', role: 'support', phone: '+447700900222' },
  { username: 'audrey', role: 'auditor', phone: '+447700900333' },
  { username: 'mallory', role: 'member', phone: '+447700900444' },
  { username: 'bob', role: 'member', phone: '+447700900555' },
];

/** A running app with loopback mail, SMS and flespi servers, five signed-in roles and a victim. */
export interface FuzzWorld {
  app: TestApp;
  callers: FuzzCaller[];
  victim: Victim;
  smtp: TestSmtpServer;
  sms: TestSmsGateway;
  flespi: FlespiProvider;
  /** Sends one IPC call as `key`'s window. */
  call(key: string, channel: string, payload?: unknown): Promise<Result<unknown>>;
  /** Signs `caller` in again if its session was ended (sign-out, revocation, blocking). */
  resignIfEnded(caller: FuzzCaller): Promise<boolean>;
  /** Signs the victim in again (password, then a fresh authenticator code) if its session ended. */
  resignVictimIfEnded(): Promise<boolean>;
  /** Paths the fake save dialog handed out (audit exports). */
  exportPaths: string[];
  close(): Promise<void>;
}

function value<T>(r: Result<unknown>, what: string): T {
  if (!r.ok) throw new Error(`${what} failed: ${r.code} ${r.message}`);
  return r.value as T;
}

/** Builds the world: real services on a real SQLite file, delivery pointed at loopback servers. */
export async function startFuzzWorld(): Promise<FuzzWorld> {
  const app = await startServices();
  const [smtp, sms] = await Promise.all([startSmtpServer(), startSmsGateway()]);
  const flespi = await startFlespiProvider({ now: () => app.clock.now() });
  await configureDelivery(app, { smtp, sms });
  const s = app.container.services;
  await s.linkedToken.setEndpoints({ ru: flespi.endpoints(), eu: flespi.endpoints() });
  s.linkedToken.setOpener(httpOpener);
  // Exports go to files in the test folder; "open" offers the latest one for offline review.
  const exportPaths: string[] = [];
  s.fileDialog.use({
    chooseSavePath: (o) => {
      exportPaths.push(join(app.dir, `export-${exportPaths.length}.${o.extensions[0] ?? 'jsonl'}`));
      return Promise.resolve(exportPaths.at(-1) ?? null);
    },
    chooseOpenPath: () =>
      Promise.resolve(exportPaths.filter((p) => p.endsWith('.jsonl') && existsSync(p)).at(-1) ?? null),
  });

  const client = windowCaller('setup').caller.client;
  const owner = await s.auth.createOwnerAccount(
    { username: 'olga', displayName: 'Olga Owner', email: 'olga@example.com', password: OWNER_PASSWORD },
    client,
  );
  // Everyone has a password of their own, so no caller can sign in as another by accident.
  const passwordOf = (username: string) => `${username} has a password of their own 42`;
  const ids: number[] = [];
  for (const p of PEOPLE) {
    const u = await s.users.create(
      {
        username: p.username,
        displayName: `${p.username[0]?.toUpperCase() ?? ''}${p.username.slice(1)} ${p.role}`,
        email: `${p.username}@corp.example`,
        phone: p.phone,
        role: p.role,
        canChangePassword: true,
        canSendSms: true,
        password: passwordOf(p.username),
      },
      null,
      client,
    );
    ids.push(u.id);
  }
  const windows = new Map<string, ReturnType<typeof windowCaller>>();
  const call = (key: string, channel: string, payload?: unknown) => {
    const w = windows.get(key) ?? windowCaller(key);
    windows.set(key, w);
    return app.container.pipeline.dispatch(w.caller, channel, payload);
  };
  const signIn = async (key: string, login: string, password: string) =>
    value<{ status: string; session?: { id: string } }>(
      await call(key, 'auth:signIn', { login, password }),
      `sign-in of ${login}`,
    );

  const callers: FuzzCaller[] = [
    {
      who: 'owner',
      key: 'fuzz:owner',
      username: 'olga',
      password: OWNER_PASSWORD,
      userId: owner.id,
      sessionId: null,
    },
    ...PEOPLE.filter((p) => p.username !== 'bob').map((p, i) => ({
      who: p.role,
      key: `fuzz:${p.role}`,
      username: p.username,
      password: passwordOf(p.username),
      userId: ids[i] ?? null,
      sessionId: null,
    })),
    { who: 'no session', key: 'fuzz:anon', username: null, password: '', userId: null, sessionId: null },
  ];
  for (const c of callers)
    if (c.username) c.sessionId = (await signIn(c.key, c.username, c.password)).session?.id ?? null;

  // Bob has what an attacker would want: an authenticator secret, backup codes, a token, a pending email change.
  const bobKey = 'fuzz:victim';
  const bobId = ids[PEOPLE.findIndex((p) => p.username === 'bob')] ?? 0;
  await signIn(bobKey, 'bob', passwordOf('bob'));
  const totpSecret = value<{ key: string }>(
    await call(bobKey, 'twoFactor:startTotp'),
    'TOTP setup',
  ).key.replace(/ /g, '');
  const code = await totpCode(totpSecret, app.clock.now().getTime());
  const { backupCodes } = value<{ backupCodes: string[] }>(
    await call(bobKey, 'twoFactor:confirm', { code }),
    'TOTP confirm',
  );
  const token = value<{ secret: string }>(
    await call(bobKey, 'tokens:create', { name: 'bob laptop', months: 6, role: 'member' }),
    'token',
  );
  value(
    await call(bobKey, 'account:requestEmailChange', { email: 'bob.private@home.example' }),
    'email change',
  );
  value(
    await call('fuzz:member', 'tokens:create', { name: 'mallory ci', months: 1, role: 'member' }),
    'token',
  );
  value(
    await call('fuzz:owner', 'linkedToken:save', { token: 'flespi-owner-token-0123456789', region: 'eu' }),
    'linked',
  );
  const sessionOf = (userId: number) =>
    (
      app.container.database.sqlite
        .prepare('SELECT id FROM sessions WHERE user_id = ? AND ended_at IS NULL ORDER BY created_at DESC')
        .get(userId) as { id: string } | undefined
    )?.id ?? '';
  const victim: Victim = {
    username: 'bob',
    userId: bobId,
    key: bobKey,
    totpSecret,
    backupCodes,
    tokenSecret: token.secret,
    sessionId: sessionOf(bobId),
  };
  const ended = (id: string | null) =>
    id === null ||
    (
      app.container.database.sqlite.prepare('SELECT ended_at FROM sessions WHERE id = ?').get(id) as
        { ended_at: string | null } | undefined
    )?.ended_at !== null;

  return {
    app,
    callers,
    victim,
    smtp,
    sms,
    flespi,
    call,
    exportPaths,
    resignIfEnded: async (c) => {
      if (!c.username || !ended(c.sessionId)) return false;
      c.sessionId = (await signIn(c.key, c.username, c.password)).session?.id ?? null;
      return true;
    },
    resignVictimIfEnded: async () => {
      if (!ended(victim.sessionId)) return false;
      await signIn(bobKey, 'bob', passwordOf('bob'));
      // A fresh 30-second step, so the authenticator code is not refused as a replay.
      app.clock.advance(30_000);
      const fresh = await totpCode(totpSecret, app.clock.now().getTime());
      value(await call(bobKey, 'auth:verifyCode', { code: fresh }), 'victim second step');
      victim.sessionId = sessionOf(bobId);
      return true;
    },
    close: async () => {
      await app.close();
      await Promise.all([smtp.stop(), sms.stop(), flespi.close()]);
      removeDir(app.dir);
    },
  };
}
