import type { Db } from '../../db/connection';
import type { TwoFactorRepository, TwoFactorRow } from '../../db/repositories/two-factor.repository';
import type { Clock } from '../../adapters/clock';
import type { FieldCipher } from '../../security/field-cipher';
import { checkTotp } from '../../security/totp';
import type { CodePurpose } from '../delivery/messenger.port';
import { backupCode, type CodeHasher } from './code-hasher';
import type { OneTimeCodes } from './one-time-codes';

/** Why a code was refused (the audit's `reason`). */
export type CodeFailure = 'wrong_code' | 'expired' | 'replay' | 'backup_used';
export type FactorOutcome = { ok: true } | { ok: false; reason: CodeFailure };

/** How many backup codes a set has (docs/product.md source page S4). */
export const BACKUP_CODE_COUNT = 10;

/** AAD for the sealed TOTP secret: it cannot be moved to another user's row. */
export function totpSecretContext(userId: number): string {
  return `two_factor.totp_secret:${userId}`;
}

/** Checks a user's current second factor and backup codes; every write goes to the given `trx`. */
export class FactorCheck {
  constructor(
    private readonly repo: TwoFactorRepository,
    private readonly codes: OneTimeCodes,
    private readonly hasher: CodeHasher,
    private readonly cipher: FieldCipher,
    private readonly clock: Clock,
  ) {}

  /** The authenticator code (never a used time step) or the emailed/texted code for `purpose`. */
  async current(trx: Db, factor: TwoFactorRow, code: string, purpose: CodePurpose): Promise<FactorOutcome> {
    if (factor.method !== 'totp') {
      const r = await this.codes.check(trx, factor.user_id, purpose, code);
      return r === 'ok' ? { ok: true } : { ok: false, reason: r };
    }
    if (!factor.totp_secret) return { ok: false, reason: 'wrong_code' };
    const secret = this.cipher.decrypt(factor.totp_secret, totpSecretContext(factor.user_id));
    const r = await checkTotp(
      secret,
      code.replace(/\s+/g, ''),
      this.clock.now().getTime(),
      factor.last_totp_step,
    );
    if (!r.ok) return r;
    // The conditional update is the real guard: two windows racing with one code, one wins.
    return (await this.repo.useTotpStep(factor.user_id, r.step, trx))
      ? { ok: true }
      : { ok: false, reason: 'replay' };
  }

  /**
   * Uses up one backup code; the number left when it worked. A code of the current set that was
   * used before (or by a racing window just now) is `backup_used`, so the person is told to take
   * another one rather than that it is wrong; it still counts as a failed try.
   */
  async backup(
    trx: Db,
    userId: number,
    code: string,
  ): Promise<{ ok: true; remaining: number } | { ok: false; reason: 'wrong_code' | 'backup_used' }> {
    const all = await this.repo.backupCodes(userId, trx);
    const match = all.find((c) => this.hasher.matches(code, backupContext(userId), c.code_hash));
    if (!match) return { ok: false, reason: 'wrong_code' };
    if (
      match.used_at !== null ||
      !(await this.repo.useBackupCode(match.id, this.clock.now().toISOString(), trx))
    )
      return { ok: false, reason: 'backup_used' };
    return { ok: true, remaining: all.filter((c) => c.used_at === null).length - 1 };
  }

  /** A new set: the plain codes (shown once) and their hashes (stored). */
  newBackupCodes(userId: number): { plain: string[]; hashes: string[] } {
    const plain = Array.from({ length: BACKUP_CODE_COUNT }, () => backupCode());
    return { plain, hashes: plain.map((c) => this.hasher.hash(c, backupContext(userId))) };
  }
}

function backupContext(userId: number): string {
  return `backup:${userId}`;
}
