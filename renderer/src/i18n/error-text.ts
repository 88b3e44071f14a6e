import type { Err } from '@shared/result';
import { i18n } from './index';

/** A human sentence for a failed Result: what went wrong and what to do next. */
export function errorText(error: Err): string {
  const { t } = i18n.global;
  switch (error.code) {
    case 'invalid_input':
      // main puts the schema's reason in the message ("Use at least 3 characters").
      return error.message.trim() || t('errors.invalid_input');
    case 'permission_denied':
      // main says which rule refused it ("Only the owner can change the email address of an
      // administrator"); the generic text would send an admin to ask an administrator.
      return error.message.trim() || t('errors.permission_denied');
    case 'password_policy':
      // The policy rule that failed ("Use at least 12 characters") is worth showing as is.
      return error.message.trim()
        ? t('errors.passwordPolicyReason', { reason: error.message.trim() })
        : t('errors.password_policy');
    case 'retry_later': {
      // Limits counted per hour (email changes) say minutes; the resend cooldown says seconds.
      const minutes = Number(error.details?.minutes);
      if (Number.isFinite(minutes) && minutes > 0)
        return error.message.trim() || t('errors.retryLaterMinutes', { minutes }, minutes);
      return t('errors.retry_later', { seconds: Number(error.details?.seconds) || 60 });
    }
    case 'account_locked': {
      const minutes = Number(error.details?.minutes);
      if (!Number.isFinite(minutes) || minutes <= 0) return t('errors.accountLockedNoTime');
      return t('errors.account_locked', { minutes }, minutes);
    }
    case 'invalid_code': {
      // A code with a limited number of tries (email change) says how many are left.
      const left = Number(error.details?.attemptsLeft);
      if (!Number.isFinite(left)) return t('errors.invalid_code');
      return left > 0
        ? t('errors.invalidCodeAttemptsLeft', { count: left })
        : t('errors.invalidCodeNoAttemptsLeft');
    }
    default:
      return t(`errors.${error.code}`);
  }
}
