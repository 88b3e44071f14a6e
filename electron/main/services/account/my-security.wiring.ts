import type { Db } from '../../db/connection';
import type { Clock } from '../../adapters/clock';
import type { PasswordHasher } from '../../security/password-hasher';
import type { FieldCipher } from '../../security/field-cipher';
import { CredentialRepository } from '../../db/repositories/credential.repository';
import { SettingsRepository } from '../../db/repositories/settings.repository';
import { AccountRepository } from '../../db/repositories/account.repository';
import { ApiTokenRepository } from '../../db/repositories/api-token.repository';
import { LinkedTokenRepository } from '../../db/repositories/linked-token.repository';
import type { Messenger } from '../delivery/messenger.port';
import type { AuditService } from '../audit.service';
import type { SessionService } from '../session.service';
import { TokenService } from '../tokens/token.service';
import { LinkedTokenService } from '../linked-token/linked-token.service';
import { RateLimitRepository } from '../../db/repositories/rate-limit.repository';
import type { AccountLockout } from '../account-lockout';
import { CodeHasher } from '../two-factor/code-hasher';
import { AccountService, type EmailServiceProbe } from './account.service';
import { EmailChanges } from './email-change';

/** The services behind the "My security" page (issue 4), built for the composition root. */
export interface MySecurityServices {
  account: AccountService;
  tokens: TokenService;
  linkedToken: LinkedTokenService;
}

/** Builds the account, API-token and linked-token services over one database. */
export function buildMySecurityServices(d: {
  db: Db;
  clock: Clock;
  hasher: PasswordHasher;
  cipher: FieldCipher;
  audit: AuditService;
  sessions: SessionService;
  messenger: () => Messenger;
  /** The account lockout shared with sign-in (one per process: it serialises guesses). */
  lockout: AccountLockout;
  /** The keychain's data key: email-change codes are stored as keyed hashes. */
  dataKey: Buffer;
  emailService?: EmailServiceProbe;
}): MySecurityServices {
  const settings = new SettingsRepository(d.db);
  const accounts = new AccountRepository(d.db);
  const emailChanges = new EmailChanges(
    d.db,
    accounts,
    new RateLimitRepository(d.db),
    new CodeHasher(d.dataKey),
    d.audit,
    d.messenger,
    d.clock,
  );
  return {
    account: new AccountService(
      d.db,
      new CredentialRepository(d.db),
      accounts,
      settings,
      d.sessions,
      d.audit,
      d.hasher,
      d.messenger,
      d.clock,
      d.lockout,
      emailChanges,
      d.emailService,
    ),
    tokens: new TokenService(d.db, new ApiTokenRepository(d.db), d.audit, d.clock),
    linkedToken: new LinkedTokenService(
      d.db,
      new LinkedTokenRepository(d.db),
      settings,
      d.cipher,
      d.audit,
      d.clock,
    ),
  };
}
