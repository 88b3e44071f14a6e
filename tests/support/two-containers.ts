import { createContainer, type ContainerOptions } from '../../electron/main/container';
import { KeytarKeychain } from '../../electron/main/adapters/keytar.keychain';
import { ManualClock } from '../../electron/main/adapters/clock';
import { MemoryLogger } from '../../electron/main/adapters/logger';
import { CountingHasher } from './counting-hasher';
import { testPgServer } from './engine';
import { removeDir, tempDir, withPipeline, type TestApp } from './services';

/** One service container of a pair: a TestApp with a counting (cheap) password hasher. */
export interface PgApp extends TestApp {
  hasher: CountingHasher;
}

/** Two service containers on one fresh PostgreSQL database, as two processes would have. */
export interface PgPair {
  url: string;
  a: PgApp;
  b: PgApp;
  close(): Promise<void>;
}

/**
 * Starts two containers (each its own connection pool, its own in-process state and workers) on
 * one fresh PostgreSQL database; the second opens after the first has migrated it and stored its
 * data key, as a second process would. The clocks start at the same moment.
 */
export async function twoContainersOnOnePg(
  o: { start?: string; checkpointEvery?: number; delivery?: ContainerOptions['delivery'] } = {},
): Promise<PgPair> {
  const url = await (await testPgServer()).createDatabase();
  const open = async (): Promise<PgApp> => {
    const dir = tempDir('portcullis-pg-pair-');
    const clock = new ManualClock(o.start ?? '2026-03-02T09:00:00Z');
    const logger = new MemoryLogger();
    const hasher = new CountingHasher();
    const container = withPipeline(
      await createContainer({
        dbPath: url,
        keychain: new KeytarKeychain('Portcullis-test'),
        clock,
        logger,
        hasher,
        delivery: o.delivery,
        checkpointEvery: o.checkpointEvery,
      }),
      logger,
    );
    const close = async () => {
      await container.close();
      removeDir(dir);
    };
    return { container, clock, logger, dbPath: url, dir, hasher, close };
  };
  const a = await open();
  const b = await open();
  return {
    url,
    a,
    b,
    close: async () => {
      await Promise.all([a.close(), b.close()]);
    },
  };
}
