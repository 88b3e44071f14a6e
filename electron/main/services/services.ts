import type { UserRow, UserRepository } from '../db/repositories/user.repository';
import type { FieldCipher } from '../security/field-cipher';
import type { FileDialogSlot } from '../adapters/file-dialog.port';
import type { AuditService } from './audit/audit.service';
import type { AuditExportService } from './audit/export.service';
import type { SigningKeys } from './audit/signing-key';
import type { AuditRetention } from './audit/retention';
import type { AuthService } from './auth/auth.service';
import type { toCurrentUser } from './auth/current-user';
import type { SessionService } from './sessions/session.service';
import type { SettingsService } from './settings/settings.service';
import type { UserService } from './users/user.service';
import type { AccountService } from './account/account.service';
import type { TokenService } from './tokens/token.service';
import type { LinkedTokenService } from './linked-token/linked-token.service';
import type { SupportService } from './users/support.service';
import type { PasswordResetService } from './password-reset/password-reset.service';
import type { ResetRequestService } from './password-reset/reset-request.service';
import type { ResetFlow } from './password-reset/reset-flow.service';
import type { BlockingNoticeService } from './blocking-notices/blocking-notices.service';
import type { SessionSweep } from './sessions/session-sweep';
import type { DashboardService } from './dashboard/dashboard.service';
import type { TwoFactorService } from './two-factor/two-factor.service';
import type { AdminTwoFactorService } from './users/admin-two-factor.service';
import type { OutboxMessenger } from './delivery/outbox-messenger';
import type { DeliveryAdminService } from './delivery/delivery-admin.service';
import type { OutboxAdminService } from './outbox/outbox-admin.service';
import type { DeliveryWorker } from './delivery/delivery-worker';

/**
 * Every use case, built once by `buildServices()` (services/compose.ts). Transports (the IPC
 * pipeline, the CLI) take this type; nothing here knows about them.
 */
export interface Services {
  /** True when settings require 2FA for the user's role and the user has none yet. */
  twoFactorSetupRequired(user: UserRow): Promise<boolean>;
  /** Read access to user rows, for handlers that need a fresh row. */
  userRows: UserRepository;
  auth: AuthService;
  users: UserService;
  sessions: SessionService;
  audit: AuditService;
  /** The directory's export-signing key, its history (rotate, revoke) and organisation name. */
  signingKeys: SigningKeys;
  auditExport: AuditExportService;
  auditRetention: AuditRetention;
  fileDialog: FileDialogSlot;
  settings: SettingsService;
  cipher: FieldCipher;
  toCurrentUser: typeof toCurrentUser;
  /** My security (docs/product.md F4, F5): own account, API tokens, the linked flespi token. */
  account: AccountService;
  tokens: TokenService;
  linkedToken: LinkedTokenService;
  /** Administration (F6): support actions, password reset, blocking notices, dashboard. */
  support: SupportService;
  passwordReset: PasswordResetService;
  /** "Forgot your password?" (F1, F2): the request, then code -> second factor -> new password. */
  resetRequests: ResetRequestService;
  resetFlow: ResetFlow;
  blockingNotices: BlockingNoticeService;
  /** Ends sessions past their idle or absolute limit in the background (startBackground). */
  sessionSweep: SessionSweep;
  dashboard: DashboardService;
  /** Two-factor: the caller's own, and support turning it off for somebody. */
  twoFactor: TwoFactorService;
  adminTwoFactor: AdminTwoFactorService;
  /** Outgoing mail/SMS: queue through the outbox (tests may swap it); settings; the Outbox page. */
  messenger: OutboxMessenger;
  delivery: DeliveryAdminService;
  outbox: OutboxAdminService;
  deliveryWorker: DeliveryWorker;
}
