import { openDatabase, type OpenedDatabase } from './db/connection';
import { UserRepository } from './db/repositories/user.repository';
import { CredentialRepository } from './db/repositories/credential.repository';
import { SessionRepository } from './db/repositories/session.repository';
import { AuditRepository } from './db/repositories/audit.repository';
import { SettingsRepository } from './db/repositories/settings.repository';
import { MetaRepository } from './db/repositories/meta.repository';
import { systemClock, type Clock } from './adapters/clock';
import { OfflineGeoLookup, type GeoLookup } from './adapters/geo';
import type { Keychain } from './adapters/keychain.port';
import { stderrLogger, type Logger } from './adapters/logger';
import { PasswordHasher } from './security/password-hasher';
import { FieldCipher } from './security/field-cipher';
import { loadOrCreateDataKey } from './security/data-key';
import { AuditService } from './services/audit.service';
import { AuthService, toCurrentUser } from './services/auth.service';
import { SessionService } from './services/session.service';
import { SettingsService } from './services/settings.service';
import { UserService } from './services/user.service';
import { IpcPipeline } from './ipc/pipeline';
import { buildHandlers } from './ipc/handlers';

export interface ContainerOptions {
  dbPath: string;
  keychain: Keychain;
  clock?: Clock;
  geo?: GeoLookup;
  logger?: Logger;
  hasher?: PasswordHasher;
  /** Which frame URLs may call IPC (the app's own page). */
  isTrustedUrl?: (url: string) => boolean;
}

/** Everything with power, built once: the composition root shared by app, CLI and tests. */
export interface Services {
  auth: AuthService;
  users: UserService;
  sessions: SessionService;
  audit: AuditService;
  settings: SettingsService;
  cipher: FieldCipher;
  toCurrentUser: typeof toCurrentUser;
}

export interface Container {
  services: Services;
  pipeline: IpcPipeline;
  database: OpenedDatabase;
  repositories: { audit: AuditRepository; users: UserRepository };
  close(): Promise<void>;
}

/** Opens the database, loads the data key from the keychain, wires services and IPC. */
export async function createContainer(o: ContainerOptions): Promise<Container> {
  const clock = o.clock ?? systemClock;
  const logger = o.logger ?? stderrLogger;
  const database = await openDatabase(o.dbPath);
  try {
    const { db } = database;
    const key = await loadOrCreateDataKey(o.keychain, await new MetaRepository(db).instanceId());
    const users = new UserRepository(db);
    const credentials = new CredentialRepository(db);
    const sessionRepo = new SessionRepository(db);
    const auditRepo = new AuditRepository(db);
    const settings = new SettingsService(new SettingsRepository(db));
    const audit = new AuditService(auditRepo, o.geo ?? new OfflineGeoLookup());
    const hasher = o.hasher ?? new PasswordHasher();
    const sessions = new SessionService(db, sessionRepo, users, settings, audit, clock);
    const services: Services = {
      auth: new AuthService(db, users, credentials, sessionRepo, sessions, settings, audit, hasher, clock),
      users: new UserService(db, users, credentials, audit, hasher, clock),
      sessions,
      audit,
      settings,
      cipher: new FieldCipher(key),
      toCurrentUser,
    };
    const pipeline = new IpcPipeline(
      buildHandlers(services),
      sessions,
      o.isTrustedUrl ?? (() => false),
      logger,
    );
    return {
      services,
      pipeline,
      database,
      repositories: { audit: auditRepo, users },
      close: () => database.close(),
    };
  } catch (e) {
    await database.close();
    throw e;
  }
}
