import type { Db } from '../../db/connection';
import type { UserRepository, UserRow } from '../../db/repositories/user.repository';
import type { Clock } from '../../adapters/clock';
import { AppError } from '../../../../shared/result';
import { roleAtMost, type Role } from '../../../../shared/domain/roles';
import type { AuditCode } from '../../../../shared/domain/audit-catalog';
import type { AuditService } from '../audit.service';
import type { Actor, ClientInfo } from '../context';

/** Outcome of a bulk support action: who changed and who was skipped (already in that state). */
export interface BulkResult {
  changed: number[];
  skipped: number[];
}

/** Ends one session's windows (the IPC pipeline's `sessionEnded`), wired by the container. */
export type SessionEndedNotifier = (sessionId: string, reason: 'revoked') => void;

type Action = 'unlock' | 'block' | 'unblock' | 'forcePasswordChange' | 'revokeSessions';

/**
 * Support actions on users (PRODUCT.md F8): unlock, block and unblock, force a password change,
 * end all sessions. Each works on one or many users, touches only users at or below the
 * operator's own role, and writes one audit event per changed user naming the operator.
 */
export class SupportService {
  constructor(
    private readonly db: Db,
    private readonly users: UserRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly notifySessionEnded: () => SessionEndedNotifier,
  ) {}

  unlock(ids: readonly number[], actor: Actor, client: ClientInfo): Promise<BulkResult> {
    return this.run('unlock', ids, actor, client);
  }
  block(ids: readonly number[], actor: Actor, client: ClientInfo): Promise<BulkResult> {
    return this.run('block', ids, actor, client);
  }
  unblock(ids: readonly number[], actor: Actor, client: ClientInfo): Promise<BulkResult> {
    return this.run('unblock', ids, actor, client);
  }
  forcePasswordChange(ids: readonly number[], actor: Actor, client: ClientInfo): Promise<BulkResult> {
    return this.run('forcePasswordChange', ids, actor, client);
  }
  revokeSessions(ids: readonly number[], actor: Actor, client: ClientInfo): Promise<BulkResult> {
    return this.run('revokeSessions', ids, actor, client);
  }

  /** Ends every live session of a user inside `trx`; returns the ended ids (notify after commit). */
  static async endAllSessions(trx: Db, userId: number, reason: string, now: string): Promise<string[]> {
    const rows = await trx
      .updateTable('sessions')
      .set({ ended_at: now, end_reason: reason })
      .where('user_id', '=', userId)
      .where('ended_at', 'is', null)
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  }

  private async run(
    action: Action,
    ids: readonly number[],
    actor: Actor,
    client: ClientInfo,
  ): Promise<BulkResult> {
    const unique = [...new Set(ids)];
    const location = await this.audit.locate(client);
    const now = this.clock.now();
    const iso = now.toISOString();
    const ended: string[] = [];
    const result = await this.db.transaction().execute(async (trx) => {
      const rows = await this.users.findByIds(unique, trx);
      if (rows.length !== unique.length)
        throw new AppError('not_found', 'One or more users no longer exist.');
      for (const row of rows) {
        assertMayTouch(actor, row);
        if (action === 'block' && row.id === actor.id)
          throw new AppError('conflict', 'You cannot block your own account.');
      }
      const out: BulkResult = { changed: [], skipped: [] };
      for (const row of rows) {
        const applied = await this.apply(action, row, trx, iso);
        if (!applied) {
          out.skipped.push(row.id);
          continue;
        }
        ended.push(...applied.ended);
        out.changed.push(row.id);
        await this.audit.record(
          trx,
          {
            code: applied.code,
            at: now,
            actor: { id: actor.id, username: actor.username },
            subject: row,
            client,
            sessionId: actor.sessionId,
            details: applied.details,
          },
          location,
        );
      }
      return out;
    });
    const notify = this.notifySessionEnded();
    for (const id of ended) notify(id, 'revoked');
    return result;
  }

  private async apply(
    action: Action,
    row: UserRow,
    trx: Db,
    now: string,
  ): Promise<{ code: AuditCode; details: Record<string, unknown>; ended: string[] } | null> {
    switch (action) {
      case 'unlock': {
        if (!row.locked_until && row.failed_attempts === 0) return null;
        await this.users.update(row.id, { locked_until: null, failed_attempts: 0 }, now, trx);
        return { code: 'admin.user:unlocked', details: { lockedUntil: row.locked_until }, ended: [] };
      }
      case 'block': {
        if (row.status === 'blocked') return null;
        await this.users.update(row.id, { status: 'blocked' }, now, trx);
        const ended = await SupportService.endAllSessions(trx, row.id, 'revoked', now);
        return { code: 'admin.user:blocked', details: { sessionsEnded: ended.length }, ended };
      }
      case 'unblock': {
        if (row.status !== 'blocked') return null;
        // A blocking date in the past would block the account again at once: clear it.
        const clearDate = row.blocking_date !== null && row.blocking_date <= now;
        await this.users.update(
          row.id,
          { status: 'active', ...(clearDate ? { blocking_date: null } : {}) },
          now,
          trx,
        );
        return { code: 'admin.user:unblocked', details: {}, ended: [] };
      }
      case 'forcePasswordChange': {
        if (row.must_change_password === 1) return null;
        await this.users.update(row.id, { must_change_password: 1 }, now, trx);
        return { code: 'admin.user:password_change_forced', details: {}, ended: [] };
      }
      case 'revokeSessions': {
        const ended = await SupportService.endAllSessions(trx, row.id, 'revoked', now);
        if (ended.length === 0) return null;
        return { code: 'admin.sessions:revoked_all', details: { count: ended.length }, ended };
      }
    }
  }
}

/** Operators act only on users at or below their own role (an admin cannot touch an owner). */
export function assertMayTouch(actor: Actor, row: UserRow): void {
  if (!roleAtMost(row.role as Role, actor.role))
    throw new AppError(
      'permission_denied',
      `A ${actor.role} cannot change the ${row.role} ${row.username}.`,
      {
        userId: row.id,
      },
    );
}
