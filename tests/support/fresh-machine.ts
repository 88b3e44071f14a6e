import { join } from 'node:path';
import { createContainer } from '../../electron/main/container';
import { Directory } from '../../electron/main/directory';
import { KeytarKeychain } from '../../electron/main/adapters/keytar.keychain';
import { ManualClock } from '../../electron/main/adapters/clock';
import { MemoryLogger } from '../../electron/main/adapters/logger';
import type { Keychain } from '../../electron/main/adapters/keychain.port';
import type { IpcPipeline } from '../../electron/main/ipc/pipeline';
import { buildDesktopPipeline } from '../../electron/main/ipc/transport';
import { buildDesktopServices, type DesktopServices } from '../../electron/main/services/desktop';
import { randomId } from '../../electron/main/security/ids';
import { APP_ORIGIN, removeDir, tempDir } from './services';

interface KeytarList {
  findCredentials(service: string): Promise<{ account: string; password: string }[]>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

async function keytar(): Promise<KeytarList> {
  const mod = (await import('keytar')) as KeytarList & { default?: KeytarList };
  return mod.default ?? mod;
}

/** A computer that never saw a directory: the app's transport and directory handle, nothing opened. */
export interface FreshMachine {
  pipeline: IpcPipeline;
  directory: Directory;
  desktop: DesktopServices;
  /** Where the database would be; it must not exist until first-run setup. */
  dbPath: string;
  /** The user-data folder (trusted signers). */
  userDataDir: string;
  dir: string;
  clock: ManualClock;
  logger: MemoryLogger;
  /** The keychain service this machine uses (a fresh name, so its entries are only this test's). */
  keychainService: string;
  /** Every account stored in this machine's keychain service (the OS keychain, under with-keyring). */
  keychainAccounts(): Promise<string[]>;
  /** Closes the review and the directory, deletes this machine's keychain entries and its folder. */
  close(): Promise<void>;
}

/**
 * Starts the app's composition the way electron/main/index.ts does on a fresh computer: desktop
 * services, a Directory that opens only on first-run setup, and the desktop pipeline. The real
 * OS keychain is used under a service name of its own, which `keychainAccounts()` lists; `keychain`
 * replaces it (e.g. one that is unavailable).
 */
export function startFreshMachine(
  o: { dir?: string; clock?: ManualClock; keychain?: Keychain } = {},
): FreshMachine {
  const dir = o.dir ?? tempDir('portcullis-fresh-');
  const dbPath = join(dir, 'userData', 'portcullis.db');
  const userDataDir = join(dir, 'userData');
  const clock = o.clock ?? new ManualClock('2026-03-02T09:00:00Z');
  const logger = new MemoryLogger();
  const keychainService = `Portcullis-fresh-${randomId().slice(0, 12)}`;
  const keychain = o.keychain ?? new KeytarKeychain(keychainService);
  const desktop = buildDesktopServices({ userDataDir, review: { tempBase: dir } });
  const directory = new Directory({
    dbPath,
    open: () => createContainer({ dbPath, keychain, clock, logger }),
    prepare: (container) => {
      container.services.fileDialog.use(desktop.fileDialog);
      return Promise.resolve();
    },
  });
  const pipeline = buildDesktopPipeline(desktop, directory, {
    isTrustedUrl: (url) => url.startsWith(`${APP_ORIGIN}/`),
    logger,
  });
  const keychainAccounts = async () =>
    (await (await keytar()).findCredentials(keychainService)).map((c) => c.account).sort();
  return {
    pipeline,
    directory,
    desktop,
    dbPath,
    userDataDir,
    dir,
    clock,
    logger,
    keychainService,
    keychainAccounts,
    close: async () => {
      await desktop.review.closeAll();
      await directory.close();
      const k = await keytar();
      for (const account of await keychainAccounts()) await k.deletePassword(keychainService, account);
      removeDir(dir);
    },
  };
}
