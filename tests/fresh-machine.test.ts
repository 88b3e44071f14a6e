/**
 * Review on a computer that never saw a directory (issue 18, item 5), through the app's own
 * composition (desktop services + a Directory opened only by setup + the desktop pipeline) with
 * the real OS keychain under a service name of this test's own: reviewing and trusting a signer
 * create no database file and no keychain entry; first-run setup creates both, once.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { KeychainUnavailableError, type Keychain } from '../electron/main/adapters/keychain.port';
import { OfflineGeoLookup } from '../electron/main/adapters/geo';
import { generateDemo } from '../electron/main/services/audit/demo';
import type { ReviewStatusView } from '../shared/ipc/contracts/review.contract';
import type { Result } from '../shared/result';
import { CHANNELS, contract } from '../shared/ipc/contract';
import { isDirectoryChannel } from '../shared/ipc/scope';
import { removeDir, startServices, tempDir, windowCaller } from './support/services';
import { startFreshMachine, type FreshMachine } from './support/fresh-machine';
import { OWNER } from './support/people';

const office = tempDir('portcullis-office-');
const exportFile = join(office, 'audit-2026-11.jsonl');

beforeAll(async () => {
  // The directory that signs the export lives on another computer (its own folder and keychain service).
  const app = await startServices({ dir: join(office, 'app') });
  await generateDemo(app.container.database.sqlite, new OfflineGeoLookup(), {
    users: 4,
    events: 200,
    passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g',
    now: new Date('2026-11-01T00:00:00Z'),
  });
  await app.container.services.auditExport.run({
    filter: {},
    format: 'jsonl',
    out: exportFile,
    actor: null,
    client: null,
    exportedBy: 'office',
  });
  await app.close();
}, 60_000);

afterAll(() => {
  removeDir(office);
});

const machines: FreshMachine[] = [];
afterEach(async () => {
  for (const m of machines.splice(0)) await m.close();
});

function freshMachine(keychain?: Keychain): FreshMachine {
  const m = startFreshMachine(keychain ? { keychain } : {});
  machines.push(m);
  return m;
}

/** One app window on the machine: calls a channel and returns the Result. */
function windowOn(m: FreshMachine, key = 'wc:1') {
  const { caller } = windowCaller(key);
  return <T>(channel: string, payload: unknown = {}) =>
    m.pipeline.dispatch(caller, channel, payload) as Promise<Result<T>>;
}

async function value<T>(p: Promise<Result<T>>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.value;
}

/** Opens the export through the file dialog and waits for the verdict. */
async function review(m: FreshMachine, call: ReturnType<typeof windowOn>): Promise<ReviewStatusView> {
  m.desktop.fileDialog.use({
    chooseOpenPath: () => Promise.resolve(exportFile),
    chooseSavePath: () => Promise.resolve(null),
  });
  const opened = await value(call<{ id: string }>('review:open'));
  let status: ReviewStatusView | undefined;
  await vi.waitFor(
    async () => {
      status = await value(call<ReviewStatusView>('review:status', { id: opened.id }));
      expect(status.state, JSON.stringify(status)).toBe('done');
    },
    { timeout: 20_000, interval: 50 },
  );
  await value(call('review:close', { id: opened.id }));
  if (!status) throw new Error('no status');
  return status;
}

describe('a fresh machine', () => {
  it('reviews an export and trusts its signer with no database file and no keychain entry', async () => {
    const m = freshMachine();
    const call = windowOn(m);
    expect(await value(call('auth:needsSetup'))).toEqual({ needsSetup: true });

    const first = await review(m, call);
    expect(first.verdict).toMatchObject({
      status: 'intact',
      trust: 'unknown',
      events: expect.any(Number) as unknown,
    });
    const fingerprint = first.verdict?.status === 'intact' ? first.verdict.fingerprint : '';
    await value(call('review:trustSigner', { fingerprint, organisation: 'Example Ltd' }));
    expect(await review(m, call)).toMatchObject({ verdict: { status: 'intact', trust: 'trusted' } });

    expect(existsSync(m.dbPath)).toBe(false);
    expect(await m.keychainAccounts()).toEqual([]);
    // The only thing written for the person: the trusted signers, in the user-data folder.
    expect(readdirSync(m.userDataDir)).toEqual(['trusted-signers.json']);
    expect(readFileSync(join(m.userDataDir, 'trusted-signers.json'), 'utf8')).toContain(fingerprint);
    expect(m.directory.current()).toBeNull();
  });

  it('refuses directory channels before setup with a clear sentence, creating nothing', async () => {
    const m = freshMachine();
    const call = windowOn(m);
    // Every public directory channel that takes no input, and sign-in with a real payload.
    const publicEmpty = CHANNELS.filter(
      (c) =>
        contract[c].access === 'public' &&
        isDirectoryChannel(c) &&
        c !== 'auth:needsSetup' &&
        contract[c].input.safeParse({}).success,
    );
    expect(publicEmpty).toEqual(expect.arrayContaining(['auth:me', 'passwordReset:status']));
    const calls: [string, unknown][] = [
      ...publicEmpty.map((c): [string, unknown] => [c, {}]),
      ['auth:signIn', { login: OWNER.username, password: OWNER.password }],
    ];
    for (const [channel, payload] of calls) {
      const r = await call(channel, payload);
      expect(r, channel).toMatchObject({ ok: false, code: 'setup_required' });
      if (!r.ok) expect(r.message, channel).toMatch(/no directory on this computer yet/);
    }
    // Channels for signed-in people stop at the session check, before any directory is needed.
    expect(await call('sessions:listMine')).toMatchObject({ ok: false, code: 'not_signed_in' });
    expect(existsSync(m.dbPath)).toBe(false);
    expect(await m.keychainAccounts()).toEqual([]);
  });

  it('first-run setup creates the database and one data key, once, even when two windows race', async () => {
    const m = freshMachine();
    const [a, b] = await Promise.all([
      windowOn(m, 'wc:1')('auth:createOwner', OWNER),
      windowOn(m, 'wc:2')('auth:createOwner', { ...OWNER, username: 'oscar', email: 'oscar@example.com' }),
    ]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    expect([a, b].find((r) => !r.ok)).toMatchObject({ code: 'setup_already_done' });
    expect(existsSync(m.dbPath)).toBe(true);
    const accounts = await m.keychainAccounts();
    expect(accounts).toHaveLength(1);
    expect(accounts[0]).toMatch(/^data-key/);
    expect(await value(windowOn(m, 'wc:1')('auth:needsSetup'))).toEqual({ needsSetup: false });
  });

  it('a setup the keychain cannot complete says so and leaves no database behind', async () => {
    const unavailable: Keychain = {
      get: () => Promise.reject(new KeychainUnavailableError('no Secret Service')),
      set: () => Promise.reject(new KeychainUnavailableError('no Secret Service')),
      delete: () => Promise.reject(new KeychainUnavailableError('no Secret Service')),
    };
    const m = freshMachine(unavailable);
    const call = windowOn(m);
    expect(await call('auth:createOwner', OWNER)).toMatchObject({ ok: false, code: 'keychain_unavailable' });
    expect(existsSync(m.dbPath)).toBe(false);
    expect(readdirSync(m.userDataDir)).toEqual([]);
    // Reviewing still works on that machine.
    expect(await review(m, call)).toMatchObject({ verdict: { status: 'intact' } });
  });
});
