import type { Err } from '@shared/result';
import { i18n } from './index';

/** A human sentence for a failed Result: what went wrong and what to do next. */
export function errorText(error: Err): string {
  const { t } = i18n.global;
  switch (error.code) {
    case 'invalid_input':
      // main puts the schema's reason in the message ("Use at least 3 characters").
      return error.message.trim() || t('errors.invalid_input');
    case 'password_policy':
      // The policy rule that failed ("Use at least 12 characters") is worth showing as is.
      return error.message.trim()
        ? t('errors.passwordPolicyReason', { reason: error.message.trim() })
        : t('errors.password_policy');
    case 'account_locked': {
      const minutes = Number(error.details?.minutes);
      if (!Number.isFinite(minutes) || minutes <= 0) return t('errors.accountLockedNoTime');
      return t('errors.account_locked', { minutes }, minutes);
    }
    default:
      return t(`errors.${error.code}`);
  }
}
