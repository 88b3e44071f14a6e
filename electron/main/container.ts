import type { Role } from '../../shared/domain/roles';
import { openDatabase, type OpenedDatabase } from './db/connection';
import { UserRepository, type UserRow } from './db/repositories/user.repository';
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
import { AuditExportService } from './services/audit/export.service';
import { ReviewService } from './services/audit/review.service';
import { AuditRetention } from './services/audit/retention';
import { FileDialogSlot } from './adapters/file-dialog.port';
import { AuthService, toCurrentUser } from './services/auth.service';
import { SessionService } from './services/session.service';
import { SettingsService } from './services/settings.service';
import { UserService } from './services/user.service';
import { buildMySecurityServices, type MySecurityServices } from './services/account/my-security.wiring';
import { buildAdminServices, type AdminServices } from './services/admin/admin.wiring';
import { buildTwoFactorServices, type TwoFactorServices } from './services/two-factor/two-factor.wiring';
import { createDelivery, type Delivery } from './services/delivery';
import type { RetryPolicy } from './services/delivery/retry-policy';
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
  /** Outbox retry policy and worker poll interval (tests shorten them). */
  delivery?: { policy?: RetryPolicy; pollMs?: number };
}

/** Everything with power, built once: the composition root shared by app, CLI and tests. */
export interface Services extends MySecurityServices, AdminServices, TwoFactorServices {
  /** True when settings require 2FA for the user's role and the user has none yet. */
  twoFactorSetupRequired(user: UserRow): Promise<boolean>;
  /** Read access to user rows, for handlers that need a fresh row. */
  userRows: UserRepository;
  auth: AuthService;
  users: UserService;
  sessions: SessionService;
  audit: AuditService;
  auditExport: AuditExportService;
  review: ReviewService;
  auditRetention: AuditRetention;
  fileDialog: FileDialogSlot;
  settings: SettingsService;
  cipher: FieldCipher;
  toCurrentUser: typeof toCurrentUser;
  /** Outgoing mail/SMS (issue 8): queue through the outbox; settings; the Outbox page. */
  messenger: Delivery['messenger'];
  delivery: Delivery['admin'];
  outbox: Delivery['outbox'];
  deliveryWorker: Delivery['worker'];
}

export interface Container {
  services: Services;
  pipeline: IpcPipeline;
  database: OpenedDatabase;
  repositories: { audit: AuditRepository; users: UserRepository };
  close(): Promise<void>;
  /** Starts background jobs (the outbox worker); the app calls it once its window can open. */
  startBackground(): Promise<void>;
  /** Stops background jobs, letting a message being sent finish; `close()` calls it too. */
  stop(): Promise<void>;
}

/** Opens the database, loads the data key from the keychain, wires services and IPC. */
export async function createContainer(o: ContainerOptions): Promise<Container> {
  const clock = o.clock ?? systemClock;
  const logger = o.logger ?? stderrLogger;
  const database = await openDatabase(o.dbPath);
  try {
    const { db } = database;
    const key = await loadOrCreateDataKey(o.keychain, new MetaRepository(db));
    const users = new UserRepository(db);
    const credentials = new CredentialRepository(db);
    const sessionRepo = new SessionRepository(db);
    const auditRepo = new AuditRepository(db);
    const audit = new AuditService(auditRepo, o.geo ?? new OfflineGeoLookup());
    const settings = new SettingsService(new SettingsRepository(db), { db, audit, clock });
    const hasher = o.hasher ?? new PasswordHasher();
    const sessions = new SessionService(db, sessionRepo, users, settings, audit, clock);
    const cipher = new FieldCipher(key);
    const { challenges, lockout, ...twoFactorServices } = buildTwoFactorServices({
      db,
      dataKey: key,
      cipher,
      hasher,
      audit,
      sessions,
      settings,
      clock,
      // Resolved on use: `services` is built below.
      messenger: () => services.messenger,
    });
    const delivery = createDelivery({
      db,
      settings: new SettingsRepository(db),
      keychain: o.keychain,
      instanceId: await new MetaRepository(db).instanceId(),
      cipher,
      audit,
      clock,
      logger,
      policy: o.delivery?.policy,
      pollMs: o.delivery?.pollMs,
    });
    const services: Services = {
      ...buildMySecurityServices({
        db,
        clock,
        hasher,
        cipher,
        audit,
        sessions,
        // Resolved on use, so tests may swap the outbox for a recorder.
        messenger: () => services.messenger,
        lockout,
        dataKey: key,
        emailService: async () => (await delivery.config.services()).emailEnabled,
      }),
      ...buildAdminServices({
        db,
        clock,
        logger,
        hasher,
        dataKey: key,
        audit,
        sessions,
        settings,
        messenger: () => delivery.messenger,
      }),
      ...twoFactorServices,
      auth: new AuthService(
        db,
        users,
        credentials,
        sessionRepo,
        sessions,
        settings,
        audit,
        hasher,
        clock,
        challenges,
        lockout,
      ),
      users: new UserService(
        db,
        users,
        credentials,
        audit,
        hasher,
        clock,
        new SettingsRepository(db),
        () => services.messenger,
      ),
      sessions,
      audit,
      auditExport: new AuditExportService(db, audit, o.keychain, clock),
      review: new ReviewService(),
      auditRetention: new AuditRetention(db, audit, clock),
      fileDialog: new FileDialogSlot(),
      settings,
      cipher,
      toCurrentUser,
      userRows: users,
      twoFactorSetupRequired: async (user) =>
        user.two_factor_method === null &&
        (await settings.auth()).twoFactorRequiredRoles.includes(user.role as Role),
      messenger: delivery.messenger,
      delivery: delivery.admin,
      outbox: delivery.outbox,
      deliveryWorker: delivery.worker,
    };
    const pipeline = new IpcPipeline(
      buildHandlers(services),
      sessions,
      o.isTrustedUrl ?? (() => false),
      logger,
      (user) => services.twoFactorSetupRequired(user),
    );
    // A session ended by someone else sends its window back to sign-in.
    sessions.onEnded((id, reason) => {
      pipeline.sessionEnded(id, reason);
    });
    return {
      services,
      pipeline,
      database,
      repositories: { audit: auditRepo, users },
      startBackground: () => {
        services.blockingNotices.start();
        return delivery.worker.start();
      },
      stop: async () => {
        await services.blockingNotices.stop();
        await delivery.worker.stop();
      },
      close: async () => {
        await services.blockingNotices.stop();
        await delivery.worker.stop();
        await database.close();
      },
    };
  } catch (e) {
    await database.close();
    throw e;
  }
}
