import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContainer, type Container, type ContainerOptions } from '../../electron/main/container';
import { KeytarKeychain } from '../../electron/main/adapters/keytar.keychain';
import { ManualClock } from '../../electron/main/adapters/clock';
import { MemoryLogger } from '../../electron/main/adapters/logger';
import { MemoryClipboard } from '../../electron/main/adapters/clipboard.port';
import type { Caller, IpcPipeline } from '../../electron/main/ipc/pipeline';
import { buildIpcPipeline } from '../../electron/main/ipc/transport';
import { buildDesktopServices, type DesktopServices } from '../../electron/main/services/desktop';
import type { PushEventName } from '../../shared/ipc/events';

/** The trusted origin the browser harness and tests use for the app's own page. */
// *.localhost is a secure context in Chromium (clipboard etc.) and never leaves the machine.
export const APP_ORIGIN = 'http://portcullis.localhost';

/** A fresh folder under the OS temp dir. */
export function tempDir(prefix = 'portcullis-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The container plus the IPC pipeline and desktop services the app builds around it (the CLI has none). */
export type TestContainer = Container & {
  pipeline: IpcPipeline;
  desktop: DesktopServices;
  /** The system clipboard Copy writes to through main (clipboard:writeText). */
  clipboard: MemoryClipboard;
};

export interface TestApp {
  container: TestContainer;
  clock: ManualClock;
  logger: MemoryLogger;
  dbPath: string;
  dir: string;
  close(): Promise<void>;
}

/** Real services on a real SQLite file with the real OS keychain (tests run under with-keyring). */
export async function startServices(
  o: {
    dir?: string;
    clock?: ManualClock;
    delivery?: ContainerOptions['delivery'];
    /** 'Portcullis' when the CLI must open the same database (it uses the app's keychain entries). */
    keychainService?: string;
  } = {},
): Promise<TestApp> {
  const dir = o.dir ?? tempDir();
  const dbPath = join(dir, 'portcullis.db');
  const clock = o.clock ?? new ManualClock('2026-03-02T09:00:00Z');
  const logger = new MemoryLogger();
  const container = withPipeline(
    await createContainer({
      dbPath,
      keychain: new KeytarKeychain(o.keychainService ?? 'Portcullis-test'),
      clock,
      logger,
      delivery: o.delivery,
    }),
    logger,
    join(dir, 'userData'),
  );
  return {
    container,
    clock,
    logger,
    dbPath,
    dir,
    close: async () => {
      await container.desktop.review.closeAll();
      await container.close();
    },
  };
}

/**
 * Builds the IPC pipeline around an open container, as the app's composition root does once its
 * directory is open; the desktop services (review, trusted signers) keep their files in
 * `userDataDir`. A computer without a directory: startFreshMachine() (./fresh-machine.ts).
 */
export function withPipeline(
  container: Container,
  logger: MemoryLogger,
  userDataDir?: string,
): TestContainer {
  const clipboard = new MemoryClipboard();
  const desktop = buildDesktopServices({
    fileDialog: container.services.fileDialog,
    clipboard,
    ...(userDataDir === undefined ? {} : { userDataDir }),
  });
  const pipeline = buildIpcPipeline(container.services, {
    isTrustedUrl: (url) => url.startsWith(`${APP_ORIGIN}/`),
    logger,
    desktop,
  });
  return Object.assign(container, { pipeline, desktop, clipboard });
}

/** A caller standing for one app window; `pushed` collects push events sent to it. */
export function windowCaller(key: string, over: Partial<Caller> = {}) {
  const pushed: { event: PushEventName; payload: unknown }[] = [];
  const caller: Caller = {
    key,
    frameUrl: `${APP_ORIGIN}/index.html#/`,
    isMainFrame: true,
    client: {
      ip: '81.2.69.142',
      userAgent:
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36',
    },
    push: (event, payload) => pushed.push({ event, payload }),
    ...over,
  };
  return { caller, pushed };
}

/** Every row of every table, for "nothing was written" assertions. */
export function snapshotDb(app: TestApp): string {
  const db = app.container.database.sqlite;
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
    name: string;
  }[];
  return JSON.stringify(tables.map((t) => [t.name, db.prepare(`SELECT * FROM "${t.name}"`).all()]));
}

/** The raw bytes of the database file and its WAL, for plaintext-secret scans. */
export function databaseBytes(dbPath: string): Buffer {
  return Buffer.concat([dbPath, `${dbPath}-wal`].filter((p) => existsSync(p)).map((p) => readFileSync(p)));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** The audit event codes in the order they were written. */
export function auditCodes(app: TestApp): string[] {
  const rows = app.container.database.sqlite.prepare('SELECT code FROM audit_events ORDER BY id').all() as {
    code: string;
  }[];
  return rows.map((r) => r.code);
}
