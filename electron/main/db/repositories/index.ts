import type { Db } from '../connection';
import { AccountRepository } from './account.repository';
import { ApiTokenRepository } from './api-token.repository';
import { AuditRepository } from './audit.repository';
import { CredentialRepository } from './credential.repository';
import { LinkedTokenRepository } from './linked-token.repository';
import { LoginAttemptRepository } from './login-attempt.repository';
import { MetaRepository } from './meta.repository';
import { OutboxRepository } from './outbox.repository';
import { PasswordResetRepository } from './password-reset.repository';
import { RateLimitRepository } from './rate-limit.repository';
import { SessionRepository } from './session.repository';
import { SettingsRepository } from './settings.repository';
import { SigningKeyRepository } from './signing-key.repository';
import { TwoFactorRepository } from './two-factor.repository';
import { UserRepository } from './user.repository';

/** One instance of every repository over one database (the composition root builds it once). */
export interface Repositories {
  accounts: AccountRepository;
  apiTokens: ApiTokenRepository;
  audit: AuditRepository;
  credentials: CredentialRepository;
  linkedTokens: LinkedTokenRepository;
  loginAttempts: LoginAttemptRepository;
  meta: MetaRepository;
  outbox: OutboxRepository;
  passwordResets: PasswordResetRepository;
  rateLimits: RateLimitRepository;
  sessions: SessionRepository;
  settings: SettingsRepository;
  signingKeys: SigningKeyRepository;
  twoFactor: TwoFactorRepository;
  users: UserRepository;
}

/** Builds each repository exactly once. */
export function buildRepositories(db: Db): Repositories {
  return {
    accounts: new AccountRepository(db),
    apiTokens: new ApiTokenRepository(db),
    audit: new AuditRepository(db),
    credentials: new CredentialRepository(db),
    linkedTokens: new LinkedTokenRepository(db),
    loginAttempts: new LoginAttemptRepository(db),
    meta: new MetaRepository(db),
    outbox: new OutboxRepository(db),
    passwordResets: new PasswordResetRepository(db),
    rateLimits: new RateLimitRepository(db),
    sessions: new SessionRepository(db),
    settings: new SettingsRepository(db),
    signingKeys: new SigningKeyRepository(db),
    twoFactor: new TwoFactorRepository(db),
    users: new UserRepository(db),
  };
}
