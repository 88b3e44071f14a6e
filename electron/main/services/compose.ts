import type { Db } from '../db/connection';
import type { Repositories } from '../db/repositories';
import type { Clock } from '../adapters/clock';
import type { GeoLookup } from '../adapters/geo';
import type { Keychain } from '../adapters/keychain.port';
import type { Logger } from '../adapters/logger';
import { FileDialogSlot } from '../adapters/file-dialog.port';
import type { PasswordHasher } from '../security/password-hasher';
import { FieldCipher } from '../security/field-cipher';
import type { Services } from './services';
import { unitOfWork } from './unit-of-work';
import { AuditService } from './audit/audit.service';
import { AuditExportService } from './audit/export.service';
import { SigningKeys } from './audit/signing-key';
import { AuditRetention } from './audit/retention';
import { AuthService } from './auth/auth.service';
import { toCurrentUser } from './auth/current-user';
import { SessionService } from './sessions/session.service';
import { SessionSweep } from './sessions/session-sweep';
import { SettingsService } from './settings/settings.service';
import { UserService } from './users/user.service';
import { AccountLockout } from './auth/account-lockout';
import { AccountService } from './account/account.service';
import { EmailChanges } from './account/email-change';
import { TokenService } from './tokens/token.service';
import { LinkedTokenService } from './linked-token/linked-token.service';
import { SupportService } from './users/support.service';
import { PasswordResetService } from './password-reset/password-reset.service';
import { ResetRequestService } from './password-reset/reset-request.service';
import { ResetFlow } from './password-reset/reset-flow.service';
import { ResetSteps } from './password-reset/reset-steps';
import { NewPasswordSetter } from './password-reset/new-password';
import { BlockingNoticeService } from './blocking-notices/blocking-notices.service';
import { DashboardService } from './dashboard/dashboard.service';
import { CodeHasher } from './two-factor/code-hasher';
import { OneTimeCodes } from './two-factor/one-time-codes';
import { FactorCheck } from './two-factor/factor-check';
import { TwoFactorStepUps } from './two-factor/step-ups';
import { TwoFactorService } from './two-factor/two-factor.service';
import { AdminTwoFactorService } from './users/admin-two-factor.service';
import { SignInChallenges } from './two-factor/sign-in-challenge.service';
import { DeliveryConfig } from './delivery/delivery-config';
import { DeliveryAdminService } from './delivery/delivery-admin.service';
import { DeliveryWorker } from './delivery/delivery-worker';
import { OutboxAdminService } from './outbox/outbox-admin.service';
import { OutboxMessenger } from './delivery/outbox-messenger';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './delivery/retry-policy';
import { Transports } from './delivery/transports';

/** What the services are built from: the open database, its repositories, keys and adapters. */
export interface ServiceDeps {
  db: Db;
  repos: Repositories;
  /** The keychain's data key (sealed fields, keyed hashes of codes). */
  dataKey: Buffer;
  /** The database's instance id (names its keychain entries). */
  instanceId: string;
  keychain: Keychain;
  clock: Clock;
  logger: Logger;
  geo: GeoLookup;
  hasher: PasswordHasher;
  /** Outbox retry policy and worker poll interval (tests shorten them). */
  delivery?: { policy?: RetryPolicy | undefined; pollMs?: number | undefined } | undefined;
}

/** Outgoing mail and SMS: the settings, the transports, the outbox messenger and its worker. */
function buildDelivery(d: ServiceDeps, cipher: FieldCipher, audit: AuditService) {
  const policy = d.delivery?.policy ?? DEFAULT_RETRY_POLICY;
  const config = new DeliveryConfig(d.db, d.repos.settings, d.keychain, d.instanceId);
  const transports = new Transports(config);
  const wake = () => {
    deliveryWorker.wake();
  };
  const messenger = new OutboxMessenger(d.repos.outbox, config, cipher, audit, d.clock, policy, wake);
  const deliveryWorker: DeliveryWorker = new DeliveryWorker({
    db: d.db,
    outbox: d.repos.outbox,
    config,
    transports,
    messenger,
    cipher,
    clock: d.clock,
    logger: d.logger,
    policy,
    pollMs: d.delivery?.pollMs,
  });
  return { config, transports, messenger, deliveryWorker, wake };
}

/**
 * The services graph, wired in one place with plain constructor injection. No side effects:
 * background jobs start with `blockingNotices.start()`, `sessionSweep.start()` and `deliveryWorker.start()`.
 */
export function buildServices(d: ServiceDeps): Services {
  const { db, repos, clock } = d;
  const audit = new AuditService(repos.audit, d.geo);
  // Resolved on use: tests may swap `services.messenger` for a recorder.
  const work = unitOfWork({ db, audit, clock, messenger: () => services.messenger });
  const messengerRef = () => services.messenger;
  const settings = new SettingsService(repos.settings, { db, audit, clock });
  const signingKeys = new SigningKeys(db, repos.signingKeys, d.keychain, audit, clock, d.instanceId);
  const cipher = new FieldCipher(d.dataKey);
  const codeHasher = new CodeHasher(d.dataKey);
  const sessions = new SessionService(db, repos.sessions, repos.users, settings, audit, clock);
  const ended = () => (id: string, reason: 'revoked') => {
    sessions.notifyEnded([id], reason);
  };

  const { config, transports, messenger, deliveryWorker, wake } = buildDelivery(d, cipher, audit);

  // One per process: its keyed mutex is what makes an account's guesses take turns.
  const lockout = new AccountLockout(
    db,
    repos.loginAttempts,
    repos.credentials,
    d.hasher,
    codeHasher,
    audit,
    settings,
    clock,
  );
  const codes = new OneTimeCodes(repos.twoFactor, codeHasher, messengerRef, clock);
  const check = new FactorCheck(repos.twoFactor, codes, codeHasher, cipher, clock);
  const stepUps = new TwoFactorStepUps(db, repos.twoFactor, check, audit, messengerRef, clock, lockout);
  const challenges = new SignInChallenges(
    work,
    repos.twoFactor,
    repos.users,
    codes,
    check,
    settings,
    lockout,
  );
  const emailChanges = new EmailChanges(
    db,
    repos.accounts,
    repos.rateLimits,
    codeHasher,
    audit,
    messengerRef,
    clock,
  );

  const services: Services = {
    auth: new AuthService(
      work,
      repos.users,
      repos.credentials,
      repos.sessions,
      sessions,
      settings,
      d.hasher,
      challenges,
      lockout,
    ),
    users: new UserService(work, repos.users, repos.credentials, d.hasher, repos.settings),
    sessions,
    audit,
    signingKeys,
    auditExport: new AuditExportService(db, audit, signingKeys, clock),
    auditRetention: new AuditRetention(db, audit, clock),
    fileDialog: new FileDialogSlot(),
    settings,
    cipher,
    toCurrentUser,
    userRows: repos.users,
    twoFactorSetupRequired: (user) => services.auth.twoFactorSetupRequired(user),
    account: new AccountService(
      work,
      repos.credentials,
      repos.accounts,
      repos.settings,
      sessions,
      d.hasher,
      lockout,
      emailChanges,
      async () => (await config.services()).emailEnabled,
    ),
    tokens: new TokenService(db, repos.apiTokens, audit, clock, settings),
    linkedToken: new LinkedTokenService(db, repos.linkedTokens, repos.settings, cipher, audit, clock),
    support: new SupportService(db, repos.users, audit, clock, ended),
    passwordReset: new PasswordResetService(work, repos.users, repos.passwordResets, codeHasher),
    resetRequests: new ResetRequestService(
      work,
      repos.users,
      repos.passwordResets,
      repos.rateLimits,
      settings,
      codeHasher,
    ),
    resetFlow: new ResetFlow(
      work,
      repos.users,
      repos.twoFactor,
      repos.passwordResets,
      new ResetSteps(),
      settings,
      codeHasher,
      codes,
      check,
      lockout,
      new NewPasswordSetter(
        work,
        repos.users,
        repos.credentials,
        repos.accounts,
        settings,
        sessions,
        d.hasher,
      ),
    ),
    blockingNotices: new BlockingNoticeService(db, audit, messengerRef, clock, d.logger, ended),
    sessionSweep: new SessionSweep(
      db,
      repos.sessions,
      repos.users,
      settings,
      audit,
      clock,
      d.logger,
      sessions,
    ),
    dashboard: new DashboardService(db, clock),
    twoFactor: new TwoFactorService(work, repos.twoFactor, codes, check, cipher, stepUps),
    adminTwoFactor: new AdminTwoFactorService(
      db,
      repos.twoFactor,
      repos.users,
      sessions,
      audit,
      messengerRef,
      clock,
    ),
    messenger,
    delivery: new DeliveryAdminService(db, config, transports, audit, clock),
    outbox: new OutboxAdminService(db, repos.outbox, audit, clock, wake),
    deliveryWorker,
  };
  return services;
}
