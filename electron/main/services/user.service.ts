import type { Db } from '../db/connection';
import type { UserQuery, UserRepository } from '../db/repositories/user.repository';
import type { CredentialRepository } from '../db/repositories/credential.repository';
import type { Clock } from '../adapters/clock';
import type { PasswordHasher } from '../security/password-hasher';
import { AppError } from '../../../shared/result';
import { roleAtMost, type Role } from '../../../shared/domain/roles';
import type { Page, UserView } from '../../../shared/domain/user';
import type { AuditService } from './audit.service';
import type { Actor, ClientInfo } from './context';
import { assertPasswordAllowed, DEFAULT_POLICY } from './password-policy';
import { toUserView } from './views';

export interface CreateUserInput {
  username: string;
  displayName: string;
  email: string;
  phone: string | null;
  role: Role;
  canChangePassword: boolean;
  canSendSms: boolean;
  password: string;
}

/** The directory: list and create users (administration grows it). */
export class UserService {
  constructor(
    private readonly db: Db,
    private readonly users: UserRepository,
    private readonly credentials: CredentialRepository,
    private readonly audit: AuditService,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  async list(q: Omit<UserQuery, 'now'>): Promise<Page<UserView>> {
    const now = this.clock.now();
    const { rows, total } = await this.users.list({ ...q, now: now.toISOString() });
    return { items: rows.map((r) => toUserView(r, now)), total, page: q.page, pageSize: q.pageSize };
  }

  /** Creates a user; `actor` null means the machine operator through the CLI. */
  async create(input: CreateUserInput, actor: Actor | null, client: ClientInfo): Promise<UserView> {
    if (actor && !roleAtMost(input.role, actor.role))
      throw new AppError(
        'permission_denied',
        `A ${actor.role} cannot create a user with the role ${input.role}.`,
      );
    const clash = await this.users.exists(input.username, input.email);
    if (clash) throw new AppError('conflict', `A user with this ${clash} already exists.`, { field: clash });
    assertPasswordAllowed(input.password, DEFAULT_POLICY, input);
    const hash = await this.hasher.hash(input.password);
    const location = await this.audit.locate(client);
    const now = this.clock.now();
    const row = await this.db.transaction().execute(async (trx) => {
      if (await this.users.exists(input.username, input.email, trx))
        throw new AppError('conflict', 'A user with this username or email already exists.');
      const user = await this.users.insert({ ...input, now: now.toISOString() }, trx);
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
          details: { role: input.role },
        },
        location,
      );
      return user;
    });
    return toUserView(row, now);
  }
}
