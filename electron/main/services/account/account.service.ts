import type { Db } from '../../db/connection';
import type { UserRow } from '../../db/repositories/user.repository';
import type { CredentialRepository } from '../../db/repositories/credential.repository';
import type { AccountRepository } from '../../db/repositories/account.repository';
import type { SettingsRepository } from '../../db/repositories/settings.repository';
import type { Clock } from '../../adapters/clock';
import type { PasswordHasher } from '../../security/password-hasher';
import { AppError } from '../../../../shared/result';
import type { AccountOverview } from '../../../../shared/ipc/contracts/account.contract';
import type { Messenger } from '../delivery/messenger.port';
import type { AuditService } from '../audit/audit.service';
import type { ClientInfo } from '../context';
import type { SessionService } from '../sessions/session.service';
import { assertPasswordAllowed, loadPasswordPolicy } from '../settings/password-policy';
import type { AccountLockout } from '../auth/account-lockout';
import type { EmailChanges } from './email-change';
import type { UnitOfWork } from '../unit-of-work';
import { setLanguageOf } from '../../db/repositories/user-language.sql';
import type { Language } from '../../../../shared/domain/language';

const DAY = 86_400_000;

/** Reads the account's E-mail notifications service; null when it cannot be told. */
export type EmailServiceProbe = () => Promise<boolean | null>;

/** Own authorization settings: password change, email change, blocking notices (docs/product.md F2, F6). */
export class AccountService {
  private readonly db: Db;
  private readonly audit: AuditService;
  private readonly messenger: () => Messenger;
  private readonly clock: Clock;

  constructor(
    work: UnitOfWork,
    private readonly credentials: CredentialRepository,
    private readonly account: AccountRepository,
    private readonly settings: SettingsRepository,
    private readonly sessions: SessionService,
    private readonly hasher: PasswordHasher,
    private readonly lockout: AccountLockout,
    private readonly emailChanges: EmailChanges,
    private readonly emailService: EmailServiceProbe = () => Promise.resolve(null),
  ) {
    this.db = work.db;
    this.audit = work.audit;
    this.messenger = () => work.messenger();
    this.clock = work.clock;
  }

  /** What the "My security" page shows about the caller. */
  async overview(user: UserRow): Promise<AccountOverview> {
    const policy = await loadPasswordPolicy(this.settings);
    const [latest] = await this.account.passwordHistory(user.id, 1);
    const pending = await this.account.findEmailChange(user.id);
    const now = this.clock.now().toISOString();
    const changedAt = latest?.created_at ?? null;
    return {
      username: user.username,
      email: user.email,
      pendingEmail: pending && pending.expires_at > now ? pending.new_email : null,
      canChangePassword: user.can_change_password === 1,
      passwordChangedAt: changedAt,
      passwordExpiresAt:
        changedAt && policy.maxAgeDays > 0
          ? new Date(new Date(changedAt).getTime() + policy.maxAgeDays * DAY).toISOString()
          : null,
      policy,
      notifyBlocking: user.notify_blocking === 1,
      blockingDate: user.blocking_date,
      emailServiceOn: await this.emailService(),
    };
  }

  /** True when the policy's maximum age has passed since the password was set. */
  async passwordExpired(userId: number): Promise<boolean> {
    const policy = await loadPasswordPolicy(this.settings);
    if (policy.maxAgeDays === 0) return false;
    const [latest] = await this.account.passwordHistory(userId, 1);
    if (!latest) return false;
    return this.clock.now().getTime() >= new Date(latest.created_at).getTime() + policy.maxAgeDays * DAY;
  }

  /** Changes the caller's password; ends their other sessions and emails a notice. */
  async changePassword(
    user: UserRow,
    currentSessionId: string | null,
    input: { currentPassword: string; newPassword: string },
    client: ClientInfo,
  ): Promise<{ endedSessions: number }> {
    if (user.can_change_password !== 1)
      throw new AppError(
        'permission_denied',
        'Your account does not have the right to change its password. Ask an administrator to change it.',
        { rule: 'password_change_not_allowed' },
      );
    const location = await this.audit.locate(client);
    // The current password is a guess like a sign-in: counted toward the lockout, one at a time.
    return this.lockout.forAccount(user.id, async () => {
      const taken = await this.lockout.checkPassword(
        user,
        input.currentPassword,
        'change_password',
        { client, location },
        () =>
          new AppError('invalid_credentials', 'The current password is not correct.', {
            field: 'currentPassword',
            rule: 'current_password_wrong',
          }),
      );
      await this.lockout.giveBack(taken);
      return this.replacePassword(user, currentSessionId, input.newPassword, client, location);
    });
  }

  private async replacePassword(
    user: UserRow,
    currentSessionId: string | null,
    newPassword: string,
    client: ClientInfo,
    location: string | null,
  ): Promise<{ endedSessions: number }> {
    const policy = await loadPasswordPolicy(this.settings);
    const history = await this.account.passwordHistory(user.id, Math.max(1, policy.historyCount));
    assertPasswordAllowed(newPassword, policy, user);
    for (const old of history)
      if (await this.hasher.verify(old.hash, newPassword))
        throw new AppError(
          'password_policy',
          `You used this password recently. Choose one you have not used in your last ${Math.max(1, policy.historyCount)} passwords.`,
          { rule: 'reuse', count: Math.max(1, policy.historyCount) },
        );
    const hash = await this.hasher.hash(newPassword);
    const now = this.clock.now();
    const ended = await this.db.transaction().execute(async (trx) => {
      await this.credentials.addPassword(user.id, hash, now.toISOString(), trx);
      await this.account.passwordChanged(user.id, now.toISOString(), trx);
      const endedIds = await this.sessions.endOthersIn(trx, user, currentSessionId, 'password_changed');
      await this.audit.record(
        trx,
        {
          code: 'user.password:changed',
          at: now,
          actor: user,
          subject: user,
          client,
          sessionId: currentSessionId,
          details: { endedSessions: endedIds.length },
        },
        location,
      );
      await this.messenger().queueEmail(trx, {
        userId: user.id,
        to: user.email,
        template: 'password_changed',
        data: {
          username: user.username,
          at: now.toISOString(),
          ip: client.ip,
          location: location ?? 'Unknown',
        },
      });
      return endedIds;
    });
    this.sessions.notifyEnded(ended);
    return { endedSessions: ended.length };
  }

  /** Starts an email change: a code goes to the new address; nothing changes until confirmed. */
  requestEmailChange(user: UserRow, email: string): Promise<{ pendingEmail: string; expiresAt: string }> {
    return this.emailChanges.request(user, email);
  }

  /** Confirms the pending change with the code; the old address is told. */
  confirmEmailChange(user: UserRow, code: string, client: ClientInfo, sessionId: string | null) {
    return this.emailChanges.confirm(user, code, client, sessionId);
  }

  async cancelEmailChange(user: UserRow): Promise<void> {
    await this.account.dropEmailChange(user.id);
  }

  /** Turns the daily blocking notice by email on or off. */
  async setNotifyBlocking(user: UserRow, enabled: boolean, client: ClientInfo, sessionId: string | null) {
    const location = await this.audit.locate(client);
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      await this.account.setNotifyBlocking(user.id, enabled, now.toISOString(), trx);
      await this.audit.record(
        trx,
        {
          code: 'user.preferences:updated',
          at: now,
          actor: user,
          subject: user,
          client,
          sessionId,
          details: { notifyBlocking: enabled },
        },
        location,
      );
    });
  }

  /** Keeps the caller's language (console, emails, SMS); audited only when it changes. */
  async setLanguage(user: UserRow, language: Language, client: ClientInfo, sessionId: string | null) {
    const location = await this.audit.locate(client);
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      const before = await setLanguageOf(trx, user.id, language, now.toISOString());
      if (before === language) return;
      await this.audit.record(
        trx,
        {
          code: 'user.preferences:updated',
          at: now,
          actor: user,
          subject: user,
          client,
          sessionId,
          details: { language, previousLanguage: before },
        },
        location,
      );
    });
    return { language };
  }
}
