import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/connection';
import type { ApiTokenRepository, ApiTokenWithOwner } from '../../db/repositories/api-token.repository';
import type { UserRow } from '../../db/repositories/user.repository';
import type { Clock } from '../../adapters/clock';
import { sha256 } from '../../security/ids';
import { AppError } from '../../../../shared/result';
import { lowerRole, roleAtMost, type Role } from '../../../../shared/domain/roles';
import type { Page } from '../../../../shared/domain/user';
import type { ApiTokenView, CreatedApiToken } from '../../../../shared/ipc/contracts/tokens.contract';
import type { AuditService } from '../audit/audit.service';
import type { Actor, ClientInfo } from '../context';
import type { SettingsService } from '../settings/settings.service';

/** Every secret starts with this, so people and secret scanners recognise it. */
export const TOKEN_PREFIX = 'pcl_';
const TOKEN_PATTERN = /^pcl_[A-Za-z0-9_-]{43}$/;

/**
 * The answer of `token verify`. `role` is what the token may do now: the lower of the role it was
 * created with (`tokenRole`) and its owner's current role, so a demoted owner's tokens shrink too.
 */
export type TokenVerdict =
  | { status: 'valid'; owner: string; role: Role; tokenRole: Role; expiresAt: string }
  | { status: 'invalid' | 'expired' | 'revoked' };

/** Adds `months` calendar months, clamping to the month's last day (Jan 31 + 1 = Feb 28/29). */
export function addMonths(from: Date, months: number): Date {
  const d = new Date(from.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

function hashSecret(secret: string): string {
  return sha256(`api-token:${secret}`);
}

/** Personal API tokens (docs/product.md F5): secret shown once, stored as a hash. */
export class TokenService {
  constructor(
    private readonly db: Db,
    private readonly tokens: ApiTokenRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    /** The authentication settings (two-factor required per role). */
    private readonly settings: Pick<SettingsService, 'auth'>,
  ) {}

  /** The same rule as the IPC pipeline's: the role requires 2FA and the person has none. */
  private async twoFactorMissing(role: string, method: string | null): Promise<boolean> {
    return method === null && (await this.settings.auth()).twoFactorRequiredRoles.includes(role as Role);
  }

  private view(row: ApiTokenWithOwner): ApiTokenView {
    const now = this.clock.now().toISOString();
    return {
      id: row.id,
      userId: row.user_id,
      username: row.username,
      name: row.name,
      role: row.role as Role,
      hint: row.hint,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      lastUsedAt: row.last_used_at,
      revokedAt: row.revoked_at,
      status: row.revoked_at ? 'revoked' : row.expires_at <= now ? 'expired' : 'active',
    };
  }

  async listMine(userId: number): Promise<ApiTokenView[]> {
    return (await this.tokens.list({ userId })).rows.map((r) => this.view(r));
  }

  /** One page of everybody's tokens (filtered by username part) with the total that match. */
  async listAll(
    f: { user?: string | undefined; page?: number; pageSize?: number } = {},
  ): Promise<Page<ApiTokenView>> {
    const page = f.page ?? 1;
    const pageSize = f.pageSize ?? 50;
    const r = await this.tokens.list({ userId: null, search: f.user }, { page, pageSize });
    return { items: r.rows.map((row) => this.view(row)), total: r.total, page, pageSize };
  }

  /** Creates a token for the caller, with a role not above their own. */
  async create(
    owner: UserRow,
    actor: Actor,
    input: { name: string; months: number; role: Role },
    client: ClientInfo,
  ): Promise<CreatedApiToken> {
    if (!Number.isInteger(input.months) || input.months < 1 || input.months > 12)
      throw new AppError('invalid_input', 'A token is valid for 1 to 12 months.', {
        rule: 'token_months',
        min: 1,
        max: 12,
      });
    if (!roleAtMost(input.role, owner.role as Role))
      throw new AppError('permission_denied', `A token cannot have a role above yours (${owner.role}).`, {
        rule: 'role_above_own',
        role: input.role,
      });
    // A token is a second way in: it must not skip the second factor the role requires.
    if (await this.twoFactorMissing(owner.role, owner.two_factor_method))
      throw new AppError(
        'two_factor_required',
        `Your role (${owner.role}) requires two-factor authentication. Turn it on on My security, then create the token.`,
        { rule: 'token_needs_two_factor', role: owner.role },
      );
    const secret = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const now = this.clock.now();
    const location = await this.audit.locate(client);
    const row = await this.db.transaction().execute(async (trx) => {
      const inserted = await this.tokens.insert(
        {
          user_id: owner.id,
          name: input.name,
          role: input.role,
          token_hash: hashSecret(secret),
          hint: `${secret.slice(0, 8)}…${secret.slice(-4)}`,
          created_at: now.toISOString(),
          expires_at: addMonths(now, input.months).toISOString(),
        },
        trx,
      );
      await this.audit.record(
        trx,
        {
          code: 'token:created',
          at: now,
          actor,
          subject: owner,
          client,
          sessionId: actor.sessionId,
          details: { name: input.name, role: input.role, months: input.months, tokenId: inserted.id },
        },
        location,
      );
      const row = await this.tokens.findById(inserted.id, trx);
      if (!row) throw new Error('The new token was not saved.');
      return row;
    });
    return { token: this.view(row), secret };
  }

  /** Revokes a token: the caller's own (`own`), or anybody's for a manager (`any`). */
  async revoke(actor: Actor, id: number, client: ClientInfo, scope: 'own' | 'any'): Promise<void> {
    const row = await this.tokens.findById(id);
    if (!row || (scope === 'own' && row.user_id !== actor.id))
      throw new AppError('not_found', 'That token does not exist.');
    if (row.revoked_at)
      throw new AppError('conflict', 'That token was already revoked.', { rule: 'already_revoked' });
    if (scope === 'any' && row.user_id !== actor.id && !roleAtMost(row.role as Role, actor.role))
      throw new AppError(
        'permission_denied',
        `Your role (${actor.role}) cannot revoke a token with the ${row.role} role.`,
        { rule: 'token_role_above', role: row.role },
      );
    const now = this.clock.now();
    const location = await this.audit.locate(client);
    await this.db.transaction().execute(async (trx) => {
      if (!(await this.tokens.revoke(id, actor.id, now.toISOString(), trx)))
        throw new AppError('conflict', 'That token was already revoked.', { rule: 'already_revoked' });
      await this.audit.record(
        trx,
        {
          code: 'token:revoked',
          at: now,
          actor,
          subject: { id: row.user_id, username: row.username },
          client,
          sessionId: actor.sessionId,
          details: { name: row.name, tokenId: id },
        },
        location,
      );
    });
  }

  /**
   * Checks a presented secret; a valid one records its use. The token follows its owner: a blocked
   * owner (or one past their blocking date, or deleted) makes it invalid, as does a role that now
   * requires 2FA the owner has not set up (the app refuses them everything but their own page
   * too). A locked owner keeps working tokens: the lock stops password guessing, and letting
   * anyone who types wrong passwords switch off someone's automation would be a denial of service.
   */
  async verify(secret: string): Promise<TokenVerdict> {
    const trimmed = secret.trim();
    if (!TOKEN_PATTERN.test(trimmed)) return { status: 'invalid' };
    const row = await this.tokens.findByHash(hashSecret(trimmed));
    const now = this.clock.now();
    const iso = now.toISOString();
    if (!row || row.user_status === 'blocked') return { status: 'invalid' };
    if (row.owner_blocking_date !== null && row.owner_blocking_date <= iso) return { status: 'invalid' };
    if (row.revoked_at) return { status: 'revoked' };
    if (row.expires_at <= iso) return { status: 'expired' };
    if (await this.twoFactorMissing(row.owner_role, row.owner_two_factor)) return { status: 'invalid' };
    await this.tokens.touch(row.id, iso);
    const tokenRole = row.role as Role;
    return {
      status: 'valid',
      owner: row.username,
      role: lowerRole(tokenRole, row.owner_role as Role),
      tokenRole,
      expiresAt: row.expires_at,
    };
  }
}
