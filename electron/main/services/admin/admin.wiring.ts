import type { Db } from '../../db/connection';
import type { Clock } from '../../adapters/clock';
import type { Logger } from '../../adapters/logger';
import type { PasswordHasher } from '../../security/password-hasher';
import { UserRepository } from '../../db/repositories/user.repository';
import { CredentialRepository } from '../../db/repositories/credential.repository';
import type { Messenger } from '../delivery/messenger.port';
import type { AuditService } from '../audit.service';
import type { SessionService } from '../session.service';
import type { SettingsService } from '../settings.service';
import { CodeHasher } from '../two-factor/code-hasher';
import { SupportService } from './support.service';
import { PasswordResetService } from './password-reset.service';
import { BlockingNoticeService } from './blocking-notices.service';
import { DashboardService } from './dashboard.service';

/** The administration services (issue 5), built for the composition root. */
export interface AdminServices {
  support: SupportService;
  passwordReset: PasswordResetService;
  blockingNotices: BlockingNoticeService;
  dashboard: DashboardService;
}

/** Builds support actions, password reset, blocking notices and dashboard over one database. */
export function buildAdminServices(d: {
  db: Db;
  clock: Clock;
  logger: Logger;
  hasher: PasswordHasher;
  dataKey: Buffer;
  audit: AuditService;
  sessions: SessionService;
  settings: SettingsService;
  messenger: () => Messenger;
}): AdminServices {
  const users = new UserRepository(d.db);
  const ended = () => (id: string, reason: 'revoked') => {
    d.sessions.notifyEnded([id], reason);
  };
  return {
    support: new SupportService(d.db, users, d.audit, d.clock, ended),
    passwordReset: new PasswordResetService(
      d.db,
      users,
      new CredentialRepository(d.db),
      d.settings,
      d.audit,
      d.hasher,
      new CodeHasher(d.dataKey),
      d.messenger,
      d.clock,
      ended,
    ),
    blockingNotices: new BlockingNoticeService(d.db, d.audit, d.messenger, d.clock, d.logger, ended),
    dashboard: new DashboardService(d.db, d.clock),
  };
}
