import type { Services } from '../services/services';
import type { HandlerMap } from './handler';
import { authHandlers } from './auth.ipc';
import { deliveryHandlers } from './delivery.ipc';
import { userHandlers } from './users.ipc';
import { sessionHandlers } from './sessions.ipc';
import { auditHandlers } from './audit.ipc';
import { reviewHandlers } from './review.ipc';
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

/** Every channel's handler, one domain file each. */
export function buildHandlers(s: Services): HandlerMap {
  return {
    ...authHandlers(s),
    ...deliveryHandlers(s),
    ...userHandlers(s),
    ...sessionHandlers(s),
    ...auditHandlers(s),
    ...reviewHandlers(s),
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
