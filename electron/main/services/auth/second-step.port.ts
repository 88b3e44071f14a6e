import type { Db } from '../../db/connection';
import type { TwoFactorRow } from '../../db/repositories/two-factor.repository';
import type { UserRow } from '../../db/repositories/user.repository';
import type { SecondStepNeeded, SignedIn } from '../../../../shared/ipc/contracts/auth.contract';
import type { CodeSentTo } from '../../../../shared/ipc/contracts/two-factor.contract';
import type { ClientInfo } from '../context';
import type { AuthSettings } from '../settings/settings.service';

/** Opens the session once the second step is right, inside the caller's transaction. */
export type OpenSession = (
  trx: Db,
  user: UserRow,
  location: string | null,
  settings: AuthSettings,
) => Promise<SignedIn>;

/**
 * The sign-in second step as sign-in uses it. Declared here, implemented by
 * services/two-factor/sign-in-challenge.service.ts, so auth/ does not import two-factor/ (which
 * imports the lockout from auth/).
 */
export interface SecondStep {
  /** The user's second factor, if 2FA is on. */
  factorOf(user: UserRow): Promise<TwoFactorRow | undefined>;
  /** Starts the second step for this window (sends a code for the email and SMS methods). */
  begin(callerKey: string, user: UserRow, factor: TwoFactorRow): Promise<SecondStepNeeded>;
  resend(callerKey: string): Promise<CodeSentTo>;
  codeStatus(callerKey: string): Promise<CodeSentTo | null>;
  cancel(callerKey: string): void;
  /** Checks the code (or a backup code) and opens the session when it is right. */
  verify(
    callerKey: string,
    kind: 'code' | 'backup',
    code: string,
    client: ClientInfo,
    open: OpenSession,
  ): Promise<SignedIn>;
}

/** The keyed hash the lockout uses to name an unknown login in the audit without storing it. */
export interface LoginFingerprints {
  fingerprint(text: string, context: string): string;
}
