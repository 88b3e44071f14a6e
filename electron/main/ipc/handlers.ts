import type { Services } from '../services/services';
import type { DesktopServices } from '../services/desktop';
import type { HandlerMap } from './handler';
import type { DesktopChannel, DirectoryHandlers } from './directory-gate';
import { authHandlers } from './auth.ipc';
import { deliveryHandlers } from './delivery.ipc';
import { userHandlers } from './users.ipc';
import { sessionHandlers } from './sessions.ipc';
import { auditHandlers } from './audit.ipc';
import { reviewHandlers } from './review.ipc';
import { clipboardHandlers } from './clipboard.ipc';
import { connectionHandlers } from './connection.ipc';
import { twoFactorHandlers } from './two-factor.ipc';
import { accountHandlers } from './account.ipc';
import { tokenHandlers } from './tokens.ipc';
import { linkedTokenHandlers } from './linked-token.ipc';
import { mailHandlers } from './mail.ipc';
import { smsHandlers } from './sms.ipc';
import { outboxHandlers } from './outbox.ipc';
import { settingsHandlers } from './settings.ipc';
import { dashboardHandlers } from './dashboard.ipc';
import { passwordResetHandlers } from './password-reset.ipc';

/** The desktop's own channels: offline review, trusted signers, Copy and the choice of directory. */
export function buildDesktopHandlers(d: DesktopServices): Pick<HandlerMap, DesktopChannel> {
  return { ...reviewHandlers(d), ...clipboardHandlers(d), ...connectionHandlers(d) };
}

/** Every channel that needs the directory, one domain file each (setup is in setupHandlers). */
export function buildDirectoryHandlers(s: Services): DirectoryHandlers {
  return {
    ...authHandlers(s),
    ...deliveryHandlers(s),
    ...userHandlers(s),
    ...sessionHandlers(s),
    ...auditHandlers(s),
    ...twoFactorHandlers(s),
    ...accountHandlers(s),
    ...tokenHandlers(s),
    ...linkedTokenHandlers(s),
    ...mailHandlers(s),
    ...smsHandlers(s),
    ...outboxHandlers(s),
    ...settingsHandlers(s),
    ...dashboardHandlers(s),
    ...passwordResetHandlers(s),
  };
}
