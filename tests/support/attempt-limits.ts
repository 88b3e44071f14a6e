import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { createContainer } from '../../electron/main/container';
import { KeytarKeychain } from '../../electron/main/adapters/keytar.keychain';
import { ManualClock } from '../../electron/main/adapters/clock';
import { MemoryLogger } from '../../electron/main/adapters/logger';
import { totpCode } from '../../electron/main/security/totp';
import type { Result } from '../../shared/result';
import {
  recordMessages,
  type RecordingMessenger,
} from '../../electron/main/services/two-factor/two-factor.test-support';
import { tempDir, windowCaller, withPipeline, type TestApp } from './services';
import { CountingHasher } from './counting-hasher';
import { closeApp, liveValue } from './per-test';
import { OWNER } from './people';

export { CountingHasher };

/** The parallel calls each burst fires. */
export const BURST = 50;

export interface LimitsApp extends TestApp {
  hasher: CountingHasher;
  mail: RecordingMessenger;
}

/** Real services on a real SQLite file (another container on the same file = another process). */
export async function startLimitsApp(o: { dir?: string; clock?: ManualClock } = {}): Promise<LimitsApp> {
  const dir = o.dir ?? tempDir('portcullis-limits-');
  const dbPath = join(dir, 'portcullis.db');
  const clock = o.clock ?? new ManualClock('2026-03-02T09:00:00Z');
  const logger = new MemoryLogger();
  const hasher = new CountingHasher();
  const container = withPipeline(
    await createContainer({
      dbPath,
      keychain: new KeytarKeychain('Portcullis-test'),
      clock,
      logger,
      hasher,
    }),
    logger,
  );
  const app: TestApp = { container, clock, logger, dbPath, dir, close: () => container.close() };
  return { ...app, hasher, mail: recordMessages(app) };
}

/** One app window calling through the real IPC pipeline. */
export function win(app: TestApp, key: string) {
  const { caller } = windowCaller(key);
  return (channel: string, payload?: unknown) => app.container.pipeline.dispatch(caller, channel, payload);
}

/** The value of an ok Result (fails the test otherwise). */
export function value<T>(r: Result<unknown>): T {
  if (!r.ok) throw new Error(`Expected ok, got ${r.code}: ${r.message}`);
  return r.value as T;
}

/** Fires `n` calls at once; their answers ('ok' or the error code) in call order. */
export async function burst(n: number, call: (i: number) => Promise<Result<unknown>>): Promise<string[]> {
  const results = await Promise.all(Array.from({ length: n }, (_, i) => call(i)));
  return results.map((r) => (r.ok ? 'ok' : r.code));
}

/** One call per item (each window its own), all at once; answers in item order. */
export function burstOver<T>(
  items: readonly T[],
  call: (item: T) => Promise<Result<unknown>>,
): Promise<string[]> {
  return burst(items.length, (i) => call(items[i] as T));
}

/** "4× invalid_credentials, 46× account_locked" (runs of equal answers, in order). */
export function runs(codes: readonly string[]): string {
  const out: [string, number][] = [];
  for (const c of codes) {
    const last = out.at(-1);
    if (last?.[0] === c) last[1] += 1;
    else out.push([c, 1]);
  }
  return out.map(([c, k]) => `${k}× ${c}`).join(', ');
}

/** Row facts the tests assert and print. */
export function facts(app: TestApp, userId: number) {
  const db = app.container.database.sqlite;
  const row = db.prepare('SELECT failed_attempts, locked_until FROM users WHERE id = ?').get(userId) as {
    failed_attempts: number;
    locked_until: string | null;
  };
  const count = (code: string) =>
    (
      db
        .prepare('SELECT count(*) n FROM audit_events WHERE code = ? AND subject_id = ?')
        .get(code, userId) as {
        n: number;
      }
    ).n;
  return { ...row, loginFailed: count('user:login_failed'), locked: count('user:locked') };
}

/** The stored argon2 hash of a user's current password. */
export function passwordHash(app: TestApp, userId: number): string {
  const row = app.container.database.sqlite
    .prepare("SELECT hash FROM credentials WHERE user_id = ? AND kind = 'password' ORDER BY id DESC")
    .get(userId) as { hash: string };
  return row.hash;
}

/** The owner's window, set up once per app. */
export async function owner(app: TestApp) {
  const call = win(app, 'owner');
  value(await call('auth:createOwner', OWNER));
  return call;
}

/**
 * One limits app and owner window for the enclosing describe (argon2 is slow, so its stories share
 * them, each with users of its own); `evaluated` counts argon2 checks against a user's real hash
 * (the dummy checks that even out timing are not counted).
 */
export function limitsAppPerDescribe() {
  let world: { app: LimitsApp; ownerCall: ReturnType<typeof win> } | undefined;
  const running = () => {
    if (!world)
      throw new Error('The limits app runs only while its describe runs: use it in it() or a hook.');
    return world;
  };
  beforeAll(async () => {
    const app = await startLimitsApp();
    world = { app, ownerCall: await owner(app) };
  });
  afterAll(async () => {
    if (world) await closeApp(world.app);
    world = undefined;
  });
  const app = liveValue(() => running().app);
  return {
    app,
    ownerCall: (channel: string, payload?: unknown) => running().ownerCall(channel, payload),
    evaluated: (userId: number) => app.hasher.verified.filter((h) => h === passwordHash(app, userId)).length,
  };
}

export const PASSWORD = 'a long member password';

/** Creates a member with PASSWORD (no forced change); returns the id. */
export async function member(
  ownerCall: ReturnType<typeof win>,
  username: string,
  extra: { phone?: string; canSendSms?: boolean } = {},
): Promise<number> {
  const u = value<{ id: number }>(
    await ownerCall('users:create', {
      username,
      displayName: username,
      email: `${username}@example.com`,
      role: 'member',
      password: PASSWORD,
      mustChangePassword: false,
      ...extra,
    }),
  );
  return u.id;
}

/** Signs `username` in from window `key` (a second step may follow). */
export async function signIn(app: TestApp, key: string, username: string) {
  const call = win(app, key);
  const r = value<{ status: string }>(await call('auth:signIn', { login: username, password: PASSWORD }));
  return { call, status: r.status };
}

/** Signs in and turns on the authenticator app; the window keeps its session. */
export async function withTotp(app: LimitsApp, username: string) {
  const { call } = await signIn(app, `${username}-setup`, username);
  const setup = value<{ key: string }>(await call('twoFactor:startTotp'));
  const secret = setup.key.replace(/ /g, '');
  const { backupCodes } = value<{ backupCodes: string[] }>(
    await call('twoFactor:confirm', { code: await totpCode(secret, app.clock.now().getTime()) }),
  );
  // The next code must come from a later 30-second step (a used step is refused as a replay).
  app.clock.advance(30_000);
  const fresh = () => totpCode(secret, app.clock.now().getTime());
  return { call, secret, backupCodes, fresh };
}

/** Signs in and turns on email (or SMS) codes; the window keeps its session. */
export async function withCodes(app: LimitsApp, username: string, method: 'email' | 'sms') {
  const { call } = await signIn(app, `${username}-setup`, username);
  value(
    await call('twoFactor:sendCode', { method, ...(method === 'sms' ? { phone: '+44 7911 123456' } : {}) }),
  );
  value(await call('twoFactor:confirm', { code: app.mail.lastCode() }));
  return { call };
}

/** A wrong six-digit code, surely not `right`. */
export function wrongCode(right: string): string {
  return right === '000000' ? '111111' : '000000';
}

/** Asserts the answers of a burst against a limit of `limit` tries. */
export function expectRuns(codes: readonly string[], expected: string): void {
  expect(runs(codes)).toBe(expected);
}
