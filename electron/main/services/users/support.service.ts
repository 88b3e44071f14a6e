import type { Db } from '../../db/connection';
import { endAllSessionsOf } from '../../db/repositories/session.repository';
import type { UserRepository, UserRow } from '../../db/repositories/user.repository';
import type { Clock } from '../../adapters/clock';
import { AppError } from '../../../../shared/result';
import { roleAtMost, roleOutranks, type Role } from '../../../../shared/domain/roles';
import type { AuditCode } from '../../../../shared/domain/audit-catalog';
import type { AuditService } from '../audit/audit.service';
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
 * Support actions on users (docs/product.md F8): unlock, block and unblock, force a password change,
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
  /**
   * Blocks users now, or on a future date `on` (sets their blocking date; they work until then).
   * A reason, when given, is kept in the audit event's details.
   */
  block(
    ids: readonly number[],
    actor: Actor,
    client: ClientInfo,
    o: { reason?: string | undefined; on?: string | undefined } = {},
  ): Promise<BulkResult> {
    if (o.on !== undefined && o.on <= this.clock.now().toISOString())
      throw new AppError(
        'invalid_input',
        'The blocking date is in the past. Give a future date, or leave it out to block now.',
        { rule: 'block_date_past' },
      );
    return this.run('block', ids, actor, client, o);
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
  static endAllSessions(trx: Db, userId: number, reason: string, now: string): Promise<string[]> {
    return endAllSessionsOf(trx, userId, reason, now);
  }

  private async run(
    action: Action,
    ids: readonly number[],
    actor: Actor,
    client: ClientInfo,
    o: { reason?: string | undefined; on?: string | undefined } = {},
  ): Promise<BulkResult> {
    const unique = [...new Set(ids)];
    const location = await this.audit.locate(client);
    const now = this.clock.now();
    const iso = now.toISOString();
    const ended: string[] = [];
    const result = await this.db.transaction().execute(async (trx) => {
      const rows = await this.users.lockByIds(unique, trx);
      if (rows.length !== unique.length)
        throw new AppError('not_found', 'One or more users no longer exist.');
      for (const row of rows) {
        assertMayTouch(actor, row);
        if (action === 'block' && row.id === actor.id)
          throw new AppError('conflict', 'You cannot block your own account.', { rule: 'block_self' });
      }
      const out: BulkResult = { changed: [], skipped: [] };
      for (const row of rows) {
        const applied = await this.apply(action, row, trx, iso, o);
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
    o: { reason?: string | undefined; on?: string | undefined } = {},
  ): Promise<{ code: AuditCode; details: Record<string, unknown>; ended: string[] } | null> {
    switch (action) {
      case 'unlock': {
        if (!row.locked_until && row.failed_attempts === 0) return null;
        await this.users.update(row.id, { locked_until: null, failed_attempts: 0 }, now, trx);
        return { code: 'admin.user:unlocked', details: { lockedUntil: row.locked_until }, ended: [] };
      }
      case 'block': {
        if (row.status === 'blocked') return null;
        const why = o.reason === undefined ? {} : { reason: o.reason };
        if (o.on !== undefined) {
          if (row.blocking_date === o.on) return null;
          await this.users.update(row.id, { blocking_date: o.on }, now, trx);
          const details = {
            before: { blocking_date: row.blocking_date },
            after: { blocking_date: o.on },
            ...why,
          };
          return { code: 'admin.user:updated', details, ended: [] };
        }
        await this.users.update(row.id, { status: 'blocked' }, now, trx);
        const ended = await SupportService.endAllSessions(trx, row.id, 'revoked', now);
        return { code: 'admin.user:blocked', details: { sessionsEnded: ended.length, ...why }, ended };
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

const ROLE_NOUN: Record<Role, string> = {
  owner: 'an owner',
  admin: 'an administrator',
  support: 'a support user',
  auditor: 'an auditor',
  member: 'a member',
};

/**
 * Operators act only on users at or below their own role (an admin cannot touch an owner). Enough
 * for actions that cannot hand over an account: unlock, block, end sessions, force a change.
 */
export function assertMayTouch(actor: Actor, row: UserRow): void {
  const target = row.role as Role;
  if (!roleAtMost(target, actor.role))
    throw new AppError(
      'permission_denied',
      `You cannot change ${ROLE_NOUN[target]} (${row.username}): that role is above yours. Ask ${
        target === 'owner' ? 'an owner' : 'someone with a higher role'
      }.`,
      { userId: row.id, rule: 'above_role', targetRole: target },
    );
}

/** The account-recovery actions: each one can hand an account to whoever does it. */
export type RecoveryAction = 'email' | 'reset' | 'twoFactor' | 'role';

const RECOVERY: Record<RecoveryAction, { verb: string; self: string }> = {
  email: {
    verb: 'change the email address of',
    self: 'Change your own email address on My security, where a code sent to the new address confirms it.',
  },
  reset: {
    verb: 'send a password reset to',
    self: 'Change your own password on My security, which asks for your current password.',
  },
  twoFactor: {
    verb: 'turn off two-factor authentication for',
    self: 'Turn off your own two-factor authentication on My security, which asks for a code or your password.',
  },
  role: {
    verb: 'change the role of',
    self: 'You cannot change your own role. Only someone with a higher role can.',
  },
};

/**
 * Account recovery on another person (email, password reset, turning off 2FA, role) needs a role
 * strictly above theirs: otherwise two admins, or two support users, could take each other's
 * accounts over without a trace the victim sees. Nobody recovers an owner from the console, and
 * nobody recovers themselves through it (their own page asks for a code or their password).
 */
export function assertMayRecover(actor: Actor, row: UserRow, action: RecoveryAction): void {
  const target = row.role as Role;
  if (row.id !== actor.id && roleOutranks(actor.role, target)) return;
  const { verb, self } = RECOVERY[action];
  const message =
    row.id === actor.id
      ? self
      : target === 'owner'
        ? `Nobody can ${verb} an owner (${row.username}) from the console.${action === 'role' ? '' : ' The owner makes this change on their own My security page.'}`
        : `Only ${target === 'admin' ? 'the owner' : 'an administrator or the owner'} can ${verb} ${ROLE_NOUN[target]} (${row.username}). Ask them to do it.`;
  const rule =
    row.id === actor.id
      ? 'recover_self'
      : target === 'owner'
        ? 'recover_owner'
        : target === actor.role
          ? 'recover_peer'
          : 'above_role';
  throw new AppError('permission_denied', message, { userId: row.id, action, rule, targetRole: target });
}
