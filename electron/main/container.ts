import { openDatabase, type OpenedDatabase } from './db/connection';
import { buildRepositories, type Repositories } from './db/repositories';
import { systemClock, type Clock } from './adapters/clock';
import { OfflineGeoLookup, type GeoLookup } from './adapters/geo';
import type { Keychain } from './adapters/keychain.port';
import { stderrLogger, type Logger } from './adapters/logger';
import { PasswordHasher } from './security/password-hasher';
import { loadOrCreateDataKey } from './security/data-key';
import { buildServices, type ServiceDeps } from './services/compose';
import type { Services } from './services/services';
import { AuditCheckpoints } from './services/audit/checkpoints';

export interface ContainerOptions {
  dbPath: string;
  keychain: Keychain;
  clock?: Clock;
  geo?: GeoLookup;
  logger?: Logger;
  hasher?: PasswordHasher;
  /** Outbox retry policy and worker poll interval (tests shorten them). */
  delivery?: ServiceDeps['delivery'];
  /** A signed audit checkpoint at least every this many events (default 1000; tests shorten it). */
  checkpointEvery?: number;
}

/** The opened database and the services on it; transports (IPC, CLI) are built around it. */
export interface Container {
  services: Services;
  database: OpenedDatabase;
  repositories: Repositories;
  /** Signed checkpoints of the audit chain (every N events, export, backup, shutdown). */
  checkpoints: AuditCheckpoints;
  close(): Promise<void>;
  /** Starts background jobs (outbox worker, blocking notices, session sweep); the app calls it once its window can open. */
  startBackground(): Promise<void>;
  /** Stops background jobs, letting a message being sent finish, and signs a shutdown checkpoint; `close()` calls it too. */
  stop(): Promise<void>;
}

/**
 * Opens the database, loads the data key from the keychain, builds each repository once and
 * the services on them. Shared by the app, the CLI and the tests; it builds no transport.
 */
export async function createContainer(o: ContainerOptions): Promise<Container> {
  const database = await openDatabase(o.dbPath);
  try {
    const { db } = database;
    const repos = buildRepositories(db);
    const dataKey = await loadOrCreateDataKey(o.keychain, repos.meta);
    const services = buildServices({
      db,
      repos,
      dataKey,
      instanceId: await repos.meta.instanceId(),
      keychain: o.keychain,
      clock: o.clock ?? systemClock,
      logger: o.logger ?? stderrLogger,
      geo: o.geo ?? new OfflineGeoLookup(),
      hasher: o.hasher ?? new PasswordHasher(),
      delivery: o.delivery,
    });
    const checkpoints = new AuditCheckpoints(db, services.signingKeys, o.keychain, o.clock ?? systemClock, {
      every: o.checkpointEvery,
      logger: o.logger ?? stderrLogger,
    });
    services.audit.useCheckpoints(checkpoints);
    const stop = async () => {
      await services.blockingNotices.stop();
      await services.sessionSweep.stop();
      await services.deliveryWorker.stop();
      await checkpoints.close();
    };
    return {
      services,
      database,
      repositories: repos,
      checkpoints,
      startBackground: () => {
        services.blockingNotices.start();
        services.sessionSweep.start();
        return services.deliveryWorker.start();
      },
      stop,
      close: async () => {
        await stop();
        await database.close();
      },
    };
  } catch (e) {
    await database.close();
    throw e;
  }
}
