import type { Db } from '../../db/connection';
import type { TwoFactorRepository, TwoFactorRow } from '../../db/repositories/two-factor.repository';
import type { UserRow } from '../../db/repositories/user.repository';
import type { Clock } from '../../adapters/clock';
import { AppError } from '../../../../shared/result';
import type { AuditService } from '../audit/audit.service';
import type { ClientInfo } from '../context';
import type { Messenger } from '../delivery/messenger.port';
import type { AccountLockout, GuessContext } from '../auth/account-lockout';
import type { CodeFailure, FactorCheck } from './factor-check';
import { codeError } from './inputs';

/**
 * The own page's 2FA step-ups: new backup codes and turning 2FA off. The code or password each
 * asks for is a guess like a sign-in: it takes a try from the account's lockout budget before it
 * is checked, one at a time per account, and a wrong one is audited as a failed sign-in.
 */
export class TwoFactorStepUps {
  constructor(
    private readonly db: Db,
    private readonly repo: TwoFactorRepository,
    private readonly check: FactorCheck,
    private readonly audit: AuditService,
    private readonly messenger: () => Messenger,
    private readonly clock: Clock,
    private readonly lockout: AccountLockout,
  ) {}

  /**
   * "Generate new codes": needs a current code, a guess counted toward the account lockout;
   * voids the old set and emails the user.
   */
  async regenerateBackupCodes(
    user: UserRow,
    code: string,
    client: ClientInfo,
  ): Promise<{ backupCodes: string[] }> {
    const ctx = { client, location: await this.audit.locate(client) };
    const backup = this.check.newBackupCodes(user.id);
    return this.lockout.forAccount(user.id, async () => {
      const factor = await this.requireOn(user);
      await this.byCode(user, factor, 'regenerate_backup_codes', code, ctx, async (trx) => {
        await this.repo.replaceBackupCodes(user.id, backup.hashes, this.clock.now().toISOString(), trx);
        await this.record(trx, 'user.2fa:backup_codes_regenerated', user, client, ctx.location, {});
        await this.mail(trx, user, 'backup_codes_regenerated');
      });
      return { backupCodes: backup.plain };
    });
  }

  /**
   * Turns the own 2FA off with a current code or the password; either is a guess counted
   * toward the account lockout (audited like a failed sign-in).
   */
  async disable(
    user: UserRow,
    proof: { code: string } | { password: string },
    client: ClientInfo,
  ): Promise<void> {
    const ctx = { client, location: await this.audit.locate(client) };
    await this.lockout.forAccount(user.id, async () => {
      const factor = await this.requireOn(user);
      const turnOff = async (trx: Db) => {
        await this.repo.disable(user.id, this.clock.now().toISOString(), trx);
        await this.record(trx, 'user.2fa:disabled', user, client, ctx.location, { method: factor.method });
        await this.mail(trx, user, 'two_factor_disabled');
      };
      if ('password' in proof) {
        const taken = await this.lockout.checkPassword(
          user,
          proof.password,
          'disable_2fa',
          ctx,
          () =>
            new AppError('invalid_credentials', 'The password is not correct.', {
              field: 'password',
              rule: 'password_wrong',
            }),
        );
        await this.lockout.giveBack(taken);
        await this.db.transaction().execute(turnOff);
        return;
      }
      await this.byCode(user, factor, 'disable_2fa', proof.code, ctx, turnOff);
    });
  }

  /** A step-up by current code: one counted guess; `act` runs in its transaction when right. */
  private async byCode(
    user: UserRow,
    factor: TwoFactorRow,
    step: 'regenerate_backup_codes' | 'disable_2fa',
    code: string,
    ctx: GuessContext,
    act: (trx: Db) => Promise<void>,
  ): Promise<void> {
    const r = await this.lockout.guess(user, step, ctx, async (trx) => {
      const c = await this.check.current(trx, factor, code, step);
      if (c.ok) await act(trx);
      return c.ok ? { ok: true, value: null } : c;
    });
    if (!r.ok) throw r.locked ?? codeError(r.reason as CodeFailure);
  }

  private mail(trx: Db, user: UserRow, template: 'backup_codes_regenerated' | 'two_factor_disabled') {
    return this.messenger().queueEmail(trx, {
      userId: user.id,
      to: user.email,
      template,
      data: { username: user.username },
    });
  }

  private record(
    trx: Db,
    code: 'user.2fa:disabled' | 'user.2fa:backup_codes_regenerated',
    user: UserRow,
    client: ClientInfo,
    location: string | null,
    details: Record<string, string>,
  ) {
    const at = this.clock.now();
    return this.audit.record(trx, { code, at, actor: user, subject: user, client, details }, location);
  }

  private async requireOn(user: UserRow): Promise<TwoFactorRow> {
    const factor = await this.repo.find(user.id);
    if (!factor)
      throw new AppError('not_found', 'Two-factor authentication is not on.', { rule: 'two_factor_not_on' });
    return factor;
  }
}
