import type { Db } from '../../db/connection';
import type { UserPatch, UserQuery, UserRepository, UserRow } from '../../db/repositories/user.repository';
import type { CredentialRepository } from '../../db/repositories/credential.repository';
import type { Clock } from '../../adapters/clock';
import type { PasswordHasher } from '../../security/password-hasher';
import { AppError } from '../../../../shared/result';
import { roleAtMost, type Role } from '../../../../shared/domain/roles';
import type { Page, UserView } from '../../../../shared/domain/user';
import type { AuditService } from '../audit/audit.service';
import type { Actor, ClientInfo } from '../context';
import { assertPasswordAllowed, loadPasswordPolicy } from '../settings/password-policy';
import type { SettingsRepository } from '../../db/repositories/settings.repository';
import { toUserView } from '../views';
import { assertMayRecover, assertMayTouch } from './support.service';
import type { Messenger } from '../delivery/messenger.port';
import { maskAddress } from '../delivery/render';
import type { UnitOfWork } from '../unit-of-work';

/** Editable fields of a user (docs/product.md F8); undefined leaves a field as it is. */
export interface UpdateUserInput {
  id: number;
  displayName?: string | undefined;
  email?: string | undefined;
  phone?: string | null | undefined;
  role?: Role | undefined;
  canChangePassword?: boolean | undefined;
  canSendSms?: boolean | undefined;
  blockingDate?: string | null | undefined;
  notifyBlocking?: boolean | undefined;
}

export interface CreateUserInput {
  username: string;
  displayName: string;
  email: string;
  phone: string | null;
  role: Role;
  canChangePassword: boolean;
  canSendSms: boolean;
  password: string;
  /**
   * The initial password is the admin's: the user must replace it at first sign-in (ASVS 6.4.1).
   * The app and CLI default to true; it is ignored when the user may not change their password.
   */
  mustChangePassword?: boolean | undefined;
}

/** The directory: list and create users (administration grows it). */
export class UserService {
  private readonly db: Db;
  private readonly audit: AuditService;
  private readonly clock: Clock;
  private readonly messenger: () => Messenger;

  constructor(
    work: UnitOfWork,
    private readonly users: UserRepository,
    private readonly credentials: CredentialRepository,
    private readonly hasher: PasswordHasher,
    private readonly settings: SettingsRepository,
  ) {
    this.db = work.db;
    this.audit = work.audit;
    this.clock = work.clock;
    this.messenger = () => work.messenger();
  }

  /** One page of the directory; `blockingWithinDays` keeps users blocked within that many days. */
  async list(
    q: Omit<UserQuery, 'now' | 'blockingBefore'> & { blockingWithinDays?: number | undefined },
  ): Promise<Page<UserView>> {
    const now = this.clock.now();
    const { blockingWithinDays, ...rest } = q;
    const blockingBefore =
      blockingWithinDays === undefined
        ? undefined
        : new Date(now.getTime() + blockingWithinDays * 86_400_000).toISOString();
    const { rows, total, capped } = await this.users.list({
      ...rest,
      blockingBefore,
      now: now.toISOString(),
    });
    return {
      items: rows.map((r) => ({ ...adminView(r, now), activeSessions: r.active_sessions })),
      total,
      totalCapped: capped,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /** One user by id. */
  async get(id: number): Promise<UserView> {
    const row = await this.users.findById(id);
    if (!row) throw new AppError('not_found', 'This user no longer exists.');
    return adminView(row, this.clock.now());
  }

  /**
   * Edits a user at or below the actor's role. Email and role are account recovery: they need a
   * role strictly above the user's (assertMayRecover), and a new email is announced to the old one.
   */
  async update(input: UpdateUserInput, actor: Actor, client: ClientInfo): Promise<UserView> {
    const current = await this.users.findById(input.id);
    if (!current) throw new AppError('not_found', 'This user no longer exists.');
    const patch = toPatch(input);
    const changed = assertMayEdit(actor, current, patch);
    if (changed.length === 0) return adminView(current, this.clock.now());
    const owner =
      patch.email && changed.includes('email') ? await this.users.findByLogin(patch.email) : undefined;
    if (owner && owner.id !== current.id)
      throw new AppError('conflict', 'A user with this email already exists.', { field: 'email' });
    const location = await this.audit.locate(client);
    const now = this.clock.now();
    const row = await this.db.transaction().execute(async (trx) => {
      // Checked again on the row as it is now: a parallel role change must not slip through.
      const [fresh] = await this.users.lockByIds([current.id], trx);
      if (!fresh) throw new AppError('not_found', 'This user no longer exists.');
      const edits = assertMayEdit(actor, fresh, patch);
      const values: Partial<UserPatch> = Object.fromEntries(edits.map((k) => [k, patch[k]]));
      const updated = await this.users.update(fresh.id, values, now.toISOString(), trx);
      await this.audit.record(
        trx,
        {
          code: 'admin.user:updated',
          at: now,
          actor: { id: actor.id, username: actor.username },
          subject: updated,
          client,
          sessionId: actor.sessionId,
          details: {
            before: Object.fromEntries(edits.map((k) => [k, fresh[k]])),
            after: values,
          },
        },
        location,
      );
      // The old address hears of it, so a takeover by an operator does not go unnoticed.
      if (edits.includes('email'))
        await this.messenger().queueEmail(trx, {
          userId: fresh.id,
          to: fresh.email,
          template: 'email_changed_by_operator',
          data: { username: fresh.username, newEmail: maskAddress(updated.email), operator: actor.username },
        });
      return updated;
    });
    return adminView(row, now);
  }

  /** Creates a user; `actor` null means the machine operator through the CLI. */
  async create(input: CreateUserInput, actor: Actor | null, client: ClientInfo): Promise<UserView> {
    if (actor && !roleAtMost(input.role, actor.role))
      throw new AppError(
        'permission_denied',
        `A ${actor.role} cannot create a user with the role ${input.role}.`,
        { rule: 'role_above_own', role: input.role },
      );
    const clash = await this.users.exists(input.username, input.email);
    if (clash) throw new AppError('conflict', `A user with this ${clash} already exists.`, { field: clash });
    // The policy as configured now, context words included.
    assertPasswordAllowed(input.password, await loadPasswordPolicy(this.settings), input);
    const hash = await this.hasher.hash(input.password);
    const mustChangePassword = input.mustChangePassword === true && input.canChangePassword;
    const location = await this.audit.locate(client);
    const now = this.clock.now();
    const row = await this.db.transaction().execute(async (trx) => {
      if (await this.users.exists(input.username, input.email, trx))
        throw new AppError('conflict', 'A user with this username or email already exists.', {
          rule: 'user_exists',
        });
      const user = await this.users.insert({ ...input, mustChangePassword, now: now.toISOString() }, trx);
      await this.credentials.addPassword(user.id, hash, now.toISOString(), trx);
      await this.audit.record(
        trx,
        {
          code: 'user:created',
          at: now,
          actor: actor ? { id: actor.id, username: actor.username } : null,
          subject: user,
          client,
          sessionId: actor?.sessionId ?? null,
          details: { role: input.role, mustChangePassword },
        },
        location,
      );
      return user;
    });
    return toUserView(row, now);
  }
}

/** The directory's view of a user: the shared view plus the blocking-notice option. */
function adminView(row: UserRow, now: Date): UserView {
  return { ...toUserView(row, now), notifyBlocking: row.notify_blocking === 1 };
}

/** The fields that would change; throws when the actor may not make one of those changes. */
function assertMayEdit(actor: Actor, row: UserRow, patch: UserPatch): (keyof UserPatch)[] {
  assertMayTouch(actor, row);
  const changed = (Object.keys(patch) as (keyof UserPatch)[]).filter((k) => patch[k] !== row[k]);
  if (changed.includes('role')) {
    assertMayRecover(actor, row, 'role');
    if (patch.role && !roleAtMost(patch.role, actor.role))
      throw new AppError(
        'permission_denied',
        `A ${actor.role} cannot give the role ${patch.role}. Choose your own role or a lower one.`,
        { rule: 'role_above_own', role: patch.role },
      );
  }
  if (changed.includes('email')) assertMayRecover(actor, row, 'email');
  return changed;
}

function toPatch(i: UpdateUserInput): UserPatch {
  const p: UserPatch = {};
  if (i.displayName !== undefined) p.display_name = i.displayName;
  if (i.email !== undefined) p.email = i.email;
  if (i.phone !== undefined) p.phone = i.phone;
  if (i.role !== undefined) p.role = i.role;
  if (i.canChangePassword !== undefined) p.can_change_password = i.canChangePassword ? 1 : 0;
  if (i.canSendSms !== undefined) p.can_send_sms = i.canSendSms ? 1 : 0;
  if (i.blockingDate !== undefined) p.blocking_date = i.blockingDate;
  if (i.notifyBlocking !== undefined) p.notify_blocking = i.notifyBlocking ? 1 : 0;
  return p;
}
