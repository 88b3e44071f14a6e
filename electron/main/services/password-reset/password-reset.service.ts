import type { Db } from '../../db/connection';
import type { UserRepository, UserRow } from '../../db/repositories/user.repository';
import type { CredentialRepository } from '../../db/repositories/credential.repository';
import type { Clock } from '../../adapters/clock';
import type { PasswordHasher } from '../../security/password-hasher';
import { AppError } from '../../../../shared/result';
import type { CodeHasher } from '../two-factor/code-hasher';
import { sixDigitCode } from '../two-factor/code-hasher';
import type { AuditService } from '../audit/audit.service';
import type { Actor, ClientInfo } from '../context';
import { assertPasswordAllowed, type FullPasswordPolicy } from '../settings/password-policy';
import type { SettingsService } from '../settings/settings.service';
import type { MessengerRef } from '../delivery/messenger-ref';
import {
  assertMayRecover,
  SupportService,
  type BulkResult,
  type SessionEndedNotifier,
} from '../users/support.service';
import type { UnitOfWork } from '../unit-of-work';

/** How long a reset code works. */
export const RESET_CODE_MINUTES = 10;

const INVALID = 'The username or reset code is not correct, or the code has expired. Ask for a new code.';

/**
 * Password reset by one-time code (docs/product.md F8): support sends a code by email (only its keyed
 * hash is stored, valid 10 minutes); the user types username, code and a new password. Nobody
 * but the user ever sees or chooses the password.
 */
export class PasswordResetService {
  private readonly db: Db;
  private readonly audit: AuditService;
  private readonly messenger: MessengerRef;
  private readonly clock: Clock;

  constructor(
    work: UnitOfWork,
    private readonly users: UserRepository,
    private readonly credentials: CredentialRepository,
    private readonly settings: SettingsService,
    private readonly hasher: PasswordHasher,
    private readonly codes: CodeHasher,
    private readonly notifySessionEnded: () => SessionEndedNotifier,
  ) {
    this.db = work.db;
    this.audit = work.audit;
    this.messenger = () => work.messenger();
    this.clock = work.clock;
  }

  /** Emails a fresh reset code to each user (older unused codes stop working). */
  async send(ids: readonly number[], actor: Actor, client: ClientInfo): Promise<BulkResult> {
    const unique = [...new Set(ids)];
    const location = await this.audit.locate(client);
    const now = this.clock.now();
    const rows = await this.users.findByIds(unique);
    if (rows.length !== unique.length) throw new AppError('not_found', 'One or more users no longer exist.');
    for (const row of rows) assertMayRecover(actor, row, 'reset');
    await this.db.transaction().execute(async (trx) => {
      // Read again inside the transaction: a promotion that commits between the check above
      // and this write must not let a peer's reset code go out.
      const current = await this.users.findByIds(unique, trx);
      if (current.length !== unique.length)
        throw new AppError('not_found', 'One or more users no longer exist.');
      for (const row of current) assertMayRecover(actor, row, 'reset');
      for (const row of current) {
        await this.issue(trx, row, now);
        await this.audit.record(
          trx,
          {
            code: 'admin.user:password_reset_sent',
            at: now,
            actor: { id: actor.id, username: actor.username },
            subject: row,
            client,
            sessionId: actor.sessionId,
            details: { minutes: RESET_CODE_MINUTES },
          },
          location,
        );
      }
    });
    return { changed: rows.map((r) => r.id), skipped: [] };
  }

  /** Sets a new password with a reset code; ends the user's sessions. Errors never reveal who exists. */
  async complete(
    input: { login: string; code: string; newPassword: string },
    client: ClientInfo,
  ): Promise<null> {
    const now = this.clock.now();
    const iso = now.toISOString();
    const user = await this.users.findByLogin(input.login);
    const { maxCodeAttempts } = await this.settings.auth();
    // The try is counted before the code is compared, in one statement that refuses a used,
    // expired or used-up code: parallel guesses cannot pass maxCodeAttempts.
    const reset = user ? await this.takeTry(user.id, iso, maxCodeAttempts) : undefined;
    if (!user || !reset || !this.codes.matches(input.code, context(user.id), reset.code_hash))
      throw new AppError('invalid_credentials', INVALID);
    try {
      await this.checkNewPassword(user, input.newPassword);
    } catch (e) {
      // The code was right: its try goes back, so fixing the password does not use up the code.
      await this.db
        .updateTable('password_resets')
        .set((eb) => ({ attempts: eb('attempts', '-', 1) }))
        .where('id', '=', reset.id)
        .where('attempts', '>', 0)
        .execute();
      throw e;
    }
    const hash = await this.hasher.hash(input.newPassword);
    const location = await this.audit.locate(client);
    const ended = await this.db.transaction().execute(async (trx) => {
      const used = await trx
        .updateTable('password_resets')
        .set({ used_at: iso })
        .where('id', '=', reset.id)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      if (used.numUpdatedRows === 0n) throw new AppError('invalid_credentials', INVALID);
      await this.credentials.addPassword(user.id, hash, iso, trx);
      await this.users.update(
        user.id,
        { must_change_password: 0, locked_until: null, failed_attempts: 0 },
        iso,
        trx,
      );
      const sessions = await SupportService.endAllSessions(trx, user.id, 'revoked', iso);
      await this.audit.record(trx, { code: 'user.password:reset', at: now, subject: user, client }, location);
      await this.messenger().queueEmail(trx, {
        userId: user.id,
        to: user.email,
        template: 'password_changed',
        data: { username: user.username, at: iso, ip: client.ip, location: location ?? 'Unknown' },
      });
      return sessions;
    });
    const notify = this.notifySessionEnded();
    for (const id of ended) notify(id, 'revoked');
    return null;
  }

  /** The policy, then "no reuse of the last N passwords" (the current one included). */
  private async checkNewPassword(user: UserRow, password: string): Promise<void> {
    const policy: FullPasswordPolicy = await this.settings.passwordPolicySettings();
    assertPasswordAllowed(password, policy, user);
    await this.assertNotReused(user.id, password, Math.max(1, policy.historyCount));
  }

  /** Counts one try at the user's live reset code and returns it to be compared (undefined: none left). */
  private takeTry(userId: number, now: string, max: number) {
    return this.db
      .updateTable('password_resets')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('id', '=', (eb) =>
        eb
          .selectFrom('password_resets as latest')
          .select((e) => e.fn.max('latest.id').as('id'))
          .where('latest.user_id', '=', userId),
      )
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .where('attempts', '<', max)
      .returning(['id', 'code_hash'])
      .executeTakeFirst();
  }

  /** The policy's "no reuse of the last N passwords" (the current one included). */
  private async assertNotReused(userId: number, password: string, n: number): Promise<void> {
    const history = await this.db
      .selectFrom('credentials')
      .select('hash')
      .where('user_id', '=', userId)
      .where('kind', '=', 'password')
      .orderBy('id', 'desc')
      .limit(n)
      .execute();
    for (const old of history)
      if (await this.hasher.verify(old.hash, password))
        throw new AppError(
          'password_policy',
          `You used this password recently. Choose one you have not used in your last ${n} passwords.`,
          { rule: 'reuse', count: n },
        );
  }

  private async issue(trx: Db, row: UserRow, now: Date): Promise<void> {
    const code = sixDigitCode();
    const iso = now.toISOString();
    await trx
      .updateTable('password_resets')
      .set({ used_at: iso })
      .where('user_id', '=', row.id)
      .where('used_at', 'is', null)
      .execute();
    await trx
      .insertInto('password_resets')
      .values({
        user_id: row.id,
        code_hash: this.codes.hash(code, context(row.id)),
        created_at: iso,
        expires_at: new Date(now.getTime() + RESET_CODE_MINUTES * 60_000).toISOString(),
      })
      .execute();
    await this.messenger().queueEmail(trx, {
      userId: row.id,
      to: row.email,
      template: 'password_reset_code',
      data: { username: row.username, code, minutes: RESET_CODE_MINUTES },
    });
  }
}

function context(userId: number): string {
  return `password_reset:${userId}`;
}
