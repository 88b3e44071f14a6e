import type { Db } from '../../db/connection';
import { TwoFactorRepository } from '../../db/repositories/two-factor.repository';
import { UserRepository } from '../../db/repositories/user.repository';
import { CredentialRepository } from '../../db/repositories/credential.repository';
import type { Clock } from '../../adapters/clock';
import type { FieldCipher } from '../../security/field-cipher';
import type { PasswordHasher } from '../../security/password-hasher';
import type { AuditService } from '../audit.service';
import type { Messenger } from '../delivery/messenger.port';
import type { SessionService } from '../session.service';
import type { SettingsService } from '../settings.service';
import { LoginAttemptRepository } from '../../db/repositories/login-attempt.repository';
import { AccountLockout } from '../account-lockout';
import { AdminTwoFactorService } from './admin-two-factor.service';
import { CodeHasher } from './code-hasher';
import { FactorCheck } from './factor-check';
import { OneTimeCodes } from './one-time-codes';
import { SignInChallenges } from './sign-in-challenge.service';
import { TwoFactorStepUps } from './step-ups';
import { TwoFactorService } from './two-factor.service';

/** The two-factor services the container exposes. */
export interface TwoFactorServices {
  twoFactor: TwoFactorService;
  adminTwoFactor: AdminTwoFactorService;
}

/**
 * Builds the two-factor services; `challenges` goes to AuthService for the sign-in second step,
 * `lockout` to every service that checks a password or code.
 */
export function buildTwoFactorServices(d: {
  db: Db;
  dataKey: Buffer;
  cipher: FieldCipher;
  hasher: PasswordHasher;
  audit: AuditService;
  sessions: SessionService;
  settings: SettingsService;
  messenger: () => Messenger;
  clock: Clock;
}): TwoFactorServices & { challenges: SignInChallenges; lockout: AccountLockout } {
  const repo = new TwoFactorRepository(d.db);
  const users = new UserRepository(d.db);
  const hasher = new CodeHasher(d.dataKey);
  // One per process: its keyed mutex is what makes an account's guesses take turns.
  const lockout = new AccountLockout(
    d.db,
    new LoginAttemptRepository(d.db),
    new CredentialRepository(d.db),
    d.hasher,
    hasher,
    d.audit,
    d.settings,
    d.clock,
  );
  const codes = new OneTimeCodes(repo, hasher, d.messenger, d.clock);
  const check = new FactorCheck(repo, codes, hasher, d.cipher, d.clock);
  return {
    twoFactor: new TwoFactorService(
      d.db,
      repo,
      codes,
      check,
      d.cipher,
      d.audit,
      d.messenger,
      d.clock,
      new TwoFactorStepUps(d.db, repo, check, d.audit, d.messenger, d.clock, lockout),
    ),
    adminTwoFactor: new AdminTwoFactorService(d.db, repo, users, d.sessions, d.audit, d.messenger, d.clock),
    challenges: new SignInChallenges(d.db, repo, users, codes, check, d.audit, d.settings, d.clock, lockout),
    lockout,
  };
}
