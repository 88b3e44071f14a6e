import type { Selectable } from 'kysely';
import type { Db } from '../connection';
import type { OneTimeCodesTable, TwoFactorTable } from '../schema/two-factor.schema';
import { engineOfDb } from '../engine-sql';

export type TwoFactorRow = Selectable<TwoFactorTable>;
export type OneTimeCodeRow = Selectable<OneTimeCodesTable>;
export type TwoFactorMethod = TwoFactorRow['method'];

/** A user's second factor: the method, its backup codes and pending one-time codes. */
export class TwoFactorRepository {
  constructor(private readonly db: Db) {}

  find(userId: number, db: Db = this.db): Promise<TwoFactorRow | undefined> {
    return db.selectFrom('two_factor').selectAll().where('user_id', '=', userId).executeTakeFirst();
  }

  /** Enables (or replaces) the method and keeps users.two_factor_method in step. */
  async enable(row: TwoFactorRow, db: Db = this.db): Promise<void> {
    await db
      .insertInto('two_factor')
      .values(row)
      .onConflict((oc) =>
        oc.column('user_id').doUpdateSet({
          method: row.method,
          totp_secret: row.totp_secret,
          phone: row.phone,
          last_totp_step: row.last_totp_step,
          enabled_at: row.enabled_at,
        }),
      )
      .execute();
    await db
      .updateTable('users')
      .set({ two_factor_method: row.method, updated_at: row.enabled_at })
      .where('id', '=', row.user_id)
      .execute();
  }

  /** Removes the method, its backup codes and pending codes; false when none was on. */
  async disable(userId: number, now: string, db: Db = this.db): Promise<boolean> {
    const removed = await db.deleteFrom('two_factor').where('user_id', '=', userId).executeTakeFirst();
    await db.deleteFrom('backup_codes').where('user_id', '=', userId).execute();
    await db.deleteFrom('one_time_codes').where('user_id', '=', userId).execute();
    await db
      .updateTable('users')
      .set({ two_factor_method: null, updated_at: now })
      .where('id', '=', userId)
      .execute();
    return Number(removed.numDeletedRows) > 0;
  }

  /** Marks a TOTP step used; false when that step (or a later one) was already used. */
  async useTotpStep(userId: number, step: number, db: Db = this.db): Promise<boolean> {
    const r = await db
      .updateTable('two_factor')
      .set({ last_totp_step: step })
      .where('user_id', '=', userId)
      .where((eb) => eb.or([eb('last_totp_step', 'is', null), eb('last_totp_step', '<', step)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Voids the old set and stores the new hashes. */
  async replaceBackupCodes(userId: number, hashes: string[], now: string, db: Db = this.db): Promise<void> {
    await db.deleteFrom('backup_codes').where('user_id', '=', userId).execute();
    if (hashes.length === 0) return;
    await db
      .insertInto('backup_codes')
      .values(hashes.map((code_hash) => ({ user_id: userId, code_hash, created_at: now, used_at: null })))
      .execute();
  }

  /** The user's current backup codes, used ones too (to tell a reused code from a wrong one). */
  backupCodes(
    userId: number,
    db: Db = this.db,
  ): Promise<{ id: number; code_hash: string; used_at: string | null }[]> {
    return db
      .selectFrom('backup_codes')
      .select(['id', 'code_hash', 'used_at'])
      .where('user_id', '=', userId)
      .execute();
  }

  unusedBackupCodes(userId: number, db: Db = this.db): Promise<{ id: number; code_hash: string }[]> {
    return db
      .selectFrom('backup_codes')
      .select(['id', 'code_hash'])
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .execute();
  }

  /** Marks one backup code used; false when it was used meanwhile. */
  async useBackupCode(id: number, now: string, db: Db = this.db): Promise<boolean> {
    const r = await db
      .updateTable('backup_codes')
      .set({ used_at: now })
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /**
   * Holds the user's row until `trx` ends, so processes issuing a code for the same user take
   * turns: the second one then sees the first one's code (PostgreSQL: SELECT … FOR UPDATE). On
   * SQLite the write transaction (BEGIN IMMEDIATE) already serialises them.
   */
  async lockUserCodes(userId: number, trx: Db): Promise<void> {
    if (engineOfDb(trx) !== 'postgres') return;
    await trx.selectFrom('users').select('id').where('id', '=', userId).forUpdate().execute();
  }

  /** Stores a new one-time code, voiding older unused ones of the same purpose. */
  async addCode(
    row: {
      user_id: number;
      purpose: string;
      code_hash: string;
      channel: string;
      created_at: string;
      expires_at: string;
    },
    db: Db = this.db,
  ): Promise<void> {
    await db
      .deleteFrom('one_time_codes')
      .where('user_id', '=', row.user_id)
      .where('purpose', '=', row.purpose)
      .execute();
    await db
      .insertInto('one_time_codes')
      .values({ ...row, used_at: null })
      .execute();
  }

  latestCode(userId: number, purpose: string, db: Db = this.db): Promise<OneTimeCodeRow | undefined> {
    return db
      .selectFrom('one_time_codes')
      .selectAll()
      .where('user_id', '=', userId)
      .where('purpose', '=', purpose)
      .orderBy('id', 'desc')
      .executeTakeFirst();
  }

  /**
   * Counts one try at the latest code for `purpose` and returns it to be compared, in one
   * statement; undefined when that code is used, expired or out of tries (`max`).
   */
  takeCodeTry(
    userId: number,
    purpose: string,
    now: string,
    max: number,
    db: Db = this.db,
  ): Promise<{ id: number; code_hash: string } | undefined> {
    return db
      .updateTable('one_time_codes')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('id', '=', (eb) =>
        eb
          .selectFrom('one_time_codes as latest')
          .select((e) => e.fn.max('latest.id').as('id'))
          .where('latest.user_id', '=', userId)
          .where('latest.purpose', '=', purpose),
      )
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .where('attempts', '<', max)
      .returning(['id', 'code_hash'])
      .executeTakeFirst();
  }

  /** Marks a one-time code used; false when it was used meanwhile. */
  async useCode(id: number, now: string, db: Db = this.db): Promise<boolean> {
    const r = await db
      .updateTable('one_time_codes')
      .set({ used_at: now })
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}
