import type { Db } from '../../db/connection';
import type { UserRepository, UserRow } from '../../db/repositories/user.repository';
import type { CredentialRepository } from '../../db/repositories/credential.repository';
import type { SessionRepository, SessionRow } from '../../db/repositories/session.repository';
import type { Clock } from '../../adapters/clock';
import type { PasswordHasher } from '../../security/password-hasher';
import { AppError } from '../../../../shared/result';
import type { Role } from '../../../../shared/domain/roles';
import type { CurrentUser } from '../../../../shared/domain/user';
import type { SignedIn, SignInResult } from '../../../../shared/ipc/contract';
import type { SecondStep } from './second-step.port';
import type { AuditService } from '../audit/audit.service';
import type { ClientInfo } from '../context';
import type { SessionService } from '../sessions/session.service';
import type { AuthSettings, SettingsService } from '../settings/settings.service';
import { assertPasswordAllowed, DEFAULT_POLICY } from '../settings/password-policy';
import { toSessionView } from '../views';
import type { AccountLockout } from './account-lockout';
import type { UnitOfWork } from '../unit-of-work';
import { toCurrentUser } from './current-user';

interface OwnerInput {
  username: string;
  displayName: string;
  email: string;
  password: string;
}

/** First run, sign-in with lockout, sign-out (docs/product.md F1). */
export class AuthService {
  private readonly db: Db;
  private readonly audit: AuditService;
  private readonly clock: Clock;

  constructor(
    work: UnitOfWork,
    private readonly users: UserRepository,
    private readonly credentials: CredentialRepository,
    private readonly sessionRepo: SessionRepository,
    private readonly sessions: SessionService,
    private readonly settings: SettingsService,
    private readonly hasher: PasswordHasher,
    /** The sign-in second step in progress per window (resend, status, cancel). */
    readonly challenges: SecondStep,
    private readonly lockout: AccountLockout,
  ) {
    this.db = work.db;
    this.audit = work.audit;
    this.clock = work.clock;
  }

  async needsSetup(): Promise<boolean> {
    return (await this.users.count()) === 0;
  }

  /** Creates the owner on an empty database and signs them in (the setup screen). */
  async createOwner(input: OwnerInput, client: ClientInfo): Promise<SignedIn> {
    const signedIn = await this.setUpOwner(input, client, true);
    if (!signedIn) throw new Error('Setup did not open a session.');
    return signedIn;
  }

  /** Creates the owner without signing in (the CLI's `init`). */
  async createOwnerAccount(input: OwnerInput, client: ClientInfo): Promise<CurrentUser> {
    await this.setUpOwner(input, client, false);
    const user = await this.users.findByLogin(input.username);
    if (!user) throw new Error('The owner was not saved.');
    return toCurrentUser(user);
  }

  private async setUpOwner(
    input: OwnerInput,
    client: ClientInfo,
    openSession: boolean,
  ): Promise<SignedIn | null> {
    if (!(await this.needsSetup())) throw new AppError('setup_already_done', 'Setup was already completed.');
    assertPasswordAllowed(input.password, DEFAULT_POLICY, input);
    const hash = await this.hasher.hash(input.password);
    const location = await this.audit.locate(client);
    const settings = await this.settings.auth();
    return this.db.transaction().execute(async (trx) => {
      // Checked again inside the transaction: two first-run windows cannot both win.
      if ((await this.users.count(trx)) > 0)
        throw new AppError('setup_already_done', 'Setup was already completed.');
      const now = this.clock.now();
      const user = await this.users.insert(
        {
          ...input,
          phone: null,
          role: 'owner',
          canChangePassword: true,
          canSendSms: false,
          now: now.toISOString(),
        },
        trx,
      );
      await this.credentials.addPassword(user.id, hash, now.toISOString(), trx);
      await this.audit.record(
        trx,
        { code: 'setup:owner_created', at: now, actor: user, subject: user, client },
        location,
      );
      return openSession ? this.openSession(trx, user, client, location, settings) : null;
    });
  }

  /**
   * Password sign-in with lockout; errors never tell whether the login exists. With 2FA on, the
   * answer is a second step bound to `callerKey` (the window), and no session yet. Guesses for
   * one account (or one unknown login) are evaluated one at a time, each after taking a try.
   */
  async signIn(
    input: { login: string; password: string },
    client: ClientInfo,
    callerKey = 'default',
  ): Promise<SignInResult> {
    const settings = await this.settings.auth();
    const ctx = { client, location: await this.audit.locate(client) };
    const user = await this.users.findByLogin(input.login);
    if (!user)
      return this.lockout.forUnknownLogin(input.login, () =>
        this.lockout.failUnknown(input.login, input.password, ctx),
      );
    return this.lockout.forAccount(user.id, async () => {
      const taken = await this.lockout.checkPassword(
        user,
        input.password,
        'password',
        ctx,
        () => new AppError('invalid_credentials', 'The username or password is not correct.'),
      );
      const fresh = (await this.users.findById(user.id)) ?? user;
      if (fresh.status === 'blocked') {
        await this.lockout.giveBack(taken);
        await this.recordFailure(fresh, client, ctx.location, 'blocked');
        throw new AppError('account_blocked', 'This account is blocked. Ask an administrator to unblock it.');
      }
      const factor = await this.challenges.factorOf(fresh);
      if (factor) {
        // The password alone is no sign-in: its try goes back, the second step counts its own.
        await this.lockout.giveBack(taken);
        return this.challenges.begin(callerKey, fresh, factor);
      }
      const signedIn = await this.db.transaction().execute(async (trx) => {
        if (!(await this.lockout.signedIn(taken, trx))) return null;
        const row = (await this.users.findById(user.id, trx)) ?? fresh;
        return this.openSession(trx, row, client, ctx.location, settings);
      });
      if (!signedIn) throw await this.lockout.lockedError(user.id, 'passwords');
      return { status: 'signed_in', ...signedIn };
    });
  }

  /** The second step: the authenticator/email/SMS code, or a one-time backup code. */
  completeSecondStep(
    callerKey: string,
    kind: 'code' | 'backup',
    code: string,
    client: ClientInfo,
  ): Promise<SignedIn> {
    return this.challenges.verify(callerKey, kind, code, client, (trx, user, location, settings) =>
      this.openSession(trx, user, client, location, settings),
    );
  }

  /**
   * A window signing in again without signing out: its previous live session ends first, so it
   * cannot linger unseen (ASVS 7.2.4).
   */
  async endReplacedSession(
    previous: { session: SessionRow | null; user: UserRow | null },
    nextSessionId: string,
    client: ClientInfo,
  ): Promise<void> {
    if (previous.session && previous.user && previous.session.id !== nextSessionId)
      await this.signOut(previous.session.id, previous.user, client);
  }

  /** True when settings require 2FA for the user's role and the user has none yet. */
  async twoFactorSetupRequired(user: UserRow): Promise<boolean> {
    return (
      user.two_factor_method === null &&
      (await this.settings.auth()).twoFactorRequiredRoles.includes(user.role as Role)
    );
  }

  /** The signed-in person, with whether they must set up 2FA before anything else. */
  async withTwoFactorFlag(user: CurrentUser): Promise<CurrentUser> {
    const row = await this.users.findById(user.id);
    return { ...user, twoFactorSetupRequired: row ? await this.twoFactorSetupRequired(row) : false };
  }

  /** Ends the caller's session. */
  async signOut(sessionId: string, user: UserRow, client: ClientInfo): Promise<void> {
    const location = await this.audit.locate(client);
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      if (await this.sessionRepo.end(sessionId, 'signed_out', now.toISOString(), trx))
        await this.audit.record(
          trx,
          { code: 'user:logged_out', at: now, actor: user, subject: user, client, sessionId },
          location,
        );
    });
  }

  /** Opens a session inside `trx`; every query here must use `trx` (one connection). */
  private async openSession(
    trx: Db,
    user: UserRow,
    client: ClientInfo,
    location: string | null,
    settings: AuthSettings,
  ): Promise<SignedIn> {
    const session = await this.sessions.start(trx, user, client, location, settings);
    await this.audit.record(
      trx,
      {
        code: 'user:logged_in',
        at: this.clock.now(),
        actor: user,
        subject: user,
        client,
        sessionId: session.id,
      },
      location,
    );
    return { user: toCurrentUser(user), session: toSessionView(session, user.username, session.id) };
  }

  private async recordFailure(user: UserRow, client: ClientInfo, location: string | null, reason: string) {
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      await this.audit.record(
        trx,
        { code: 'user:login_failed', at: now, subject: user, client, details: { reason } },
        location,
      );
    });
  }
}
