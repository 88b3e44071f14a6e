import type { Db } from '../../db/connection';
import type { UserRepository, UserRow } from '../../db/repositories/user.repository';
import type { CredentialRepository } from '../../db/repositories/credential.repository';
import type { AccountRepository } from '../../db/repositories/account.repository';
import type { PasswordHasher } from '../../security/password-hasher';
import { AppError } from '../../../../shared/result';
import type { ClientInfo } from '../context';
import { assertPasswordAllowed } from '../settings/password-policy';
import type { SessionService } from '../sessions/session.service';
import type { SettingsService } from '../settings/settings.service';
import type { UnitOfWork } from '../unit-of-work';

/**
 * Sets a password chosen after a reset (docs/product.md F2 "after a change"): the policy and the
 * no-reuse rule, then in one transaction the new hash, the lock lifted, EVERY session of the
 * person ended (they may be an attacker's), `user.password:changed` recorded and the "your
 * password was changed" email queued (it never contains the password).
 */
export class NewPasswordSetter {
  constructor(
    private readonly work: UnitOfWork,
    private readonly users: UserRepository,
    private readonly credentials: CredentialRepository,
    private readonly account: AccountRepository,
    private readonly settings: SettingsService,
    private readonly sessions: SessionService,
    private readonly hasher: PasswordHasher,
  ) {}

  /**
   * Checks and stores `password`; `claim` runs first inside the transaction and must use up the
   * reset (false: it was used or expired meanwhile, nothing is written and false is returned).
   */
  async set(
    user: UserRow,
    password: string,
    client: ClientInfo,
    claim: (trx: Db, now: string) => Promise<boolean>,
  ): Promise<boolean> {
    const policy = await this.settings.passwordPolicySettings();
    assertPasswordAllowed(password, policy, user);
    const n = Math.max(1, policy.historyCount);
    for (const old of await this.account.passwordHistory(user.id, n))
      if (await this.hasher.verify(old.hash, password))
        throw new AppError(
          'password_policy',
          `You used this password recently. Choose one you have not used in your last ${String(n)} passwords.`,
          { rule: 'reuse', count: n },
        );
    const hash = await this.hasher.hash(password);
    const location = await this.work.audit.locate(client);
    const now = this.work.clock.now();
    const iso = now.toISOString();
    const ended = await this.work.transaction(async (trx) => {
      if (!(await claim(trx, iso))) return null;
      await this.credentials.addPassword(user.id, hash, iso, trx);
      await this.users.update(
        user.id,
        { must_change_password: 0, locked_until: null, failed_attempts: 0 },
        iso,
        trx,
      );
      const endedIds = await this.sessions.endOthersIn(trx, user, null, 'password_reset');
      await this.work.audit.record(
        trx,
        {
          code: 'user.password:changed',
          at: now,
          actor: user,
          subject: user,
          client,
          details: { via: 'reset_code', endedSessions: endedIds.length },
        },
        location,
      );
      await this.work.messenger().queueEmail(trx, {
        userId: user.id,
        to: user.email,
        template: 'password_changed',
        data: { username: user.username, at: iso, ip: client.ip, location: location ?? 'Unknown' },
      });
      return endedIds;
    });
    if (!ended) return false;
    this.sessions.notifyEnded(ended);
    return true;
  }
}
