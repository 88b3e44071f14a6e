import { ERROR_CODES, type Err } from '@shared/result';
import { i18n } from './index';
import { mainRuleText, ruleText } from './error-rules';

type Details = NonNullable<Err['details']>;

const PASSWORD_RULES = ['min_length', 'max_length', 'identity', 'context', 'common', 'reuse'] as const;
const CONFLICT_FIELDS = ['username', 'email'] as const;

const oneOf = <T extends string>(list: readonly T[], value: unknown): T | null =>
  list.includes(value as T) ? (value as T) : null;
const count = (details: Details | undefined, key: string): number | null => {
  const n = Number(details?.[key]);
  return Number.isFinite(n) ? n : null;
};

/** The policy rule that refused a password, in the window's language; null when main gave none. */
function passwordRuleText(details: Details | undefined): string | null {
  const { t } = i18n.global;
  const rule = oneOf(PASSWORD_RULES, details?.rule);
  if (!rule) return null;
  const min = count(details, 'min') ?? 0;
  const max = count(details, 'max') ?? 0;
  const n = count(details, 'count') ?? 0;
  const word = typeof details?.word === 'string' ? details.word : '';
  const named = { min, max, count: n, word };
  const plural = rule === 'max_length' ? max : rule === 'reuse' ? n : min;
  return t(`errorDetail.passwordRule.${rule}`, named, { plural });
}

/**
 * A human sentence for a failed Result: what went wrong and what to do next, in the window's
 * language. Codes (with their details) are translated here; main's English message is shown
 * only for a code this version does not know, and for English where it is the precise text.
 */
export function errorText(error: Err): string {
  const { t } = i18n.global;
  const english = i18n.global.locale.value === 'en';
  const serverText = error.message.trim();
  if (!(ERROR_CODES as readonly string[]).includes(error.code)) return serverText || t('errors.internal');
  // A rule main names for any code (same_email, signing_key_changed, …) has its own sentence;
  // English keeps main's text, which may name more (the fields that moved, the key's date).
  const named = mainRuleText(error.details);
  if (named) return (english && serverText) || named;
  switch (error.code) {
    case 'invalid_input':
    case 'permission_denied':
      // main says which field or rule refused it ("Use at least 3 characters", "Only the owner
      // can change…"); that text is English, so other languages get the rule's or issue's own
      // sentence from details (error-rules.ts), else the code's own sentence.
      return (english && serverText) || (ruleText(error) ?? t(`errors.${error.code}`));
    case 'password_policy': {
      const rule = passwordRuleText(error.details) ?? (english ? serverText : '');
      return rule ? t('errors.passwordPolicyReason', { reason: rule }) : t('errors.password_policy');
    }
    case 'conflict': {
      const field = oneOf(CONFLICT_FIELDS, error.details?.field);
      if (field) return t(`errorDetail.conflictField.${field}`);
      return ruleText(error) ?? t('errors.conflict');
    }
    case 'retry_later': {
      // Limits counted per hour (email changes) say minutes; the resend cooldown says seconds.
      const minutes = count(error.details, 'minutes');
      if (minutes !== null && minutes > 0) return t('errors.retryLaterMinutes', { minutes }, minutes);
      const given = count(error.details, 'seconds');
      const seconds = given !== null && given > 0 ? given : 60;
      return t('errors.retry_later', { seconds }, seconds);
    }
    case 'account_locked': {
      const minutes = count(error.details, 'minutes');
      if (minutes === null || minutes <= 0) return t('errors.accountLockedNoTime');
      return t('errors.account_locked', { minutes }, minutes);
    }
    case 'invalid_code': {
      if (error.details?.reason === 'backup_used') return t('ui.errors.backupCodeUsed');
      // A code with a limited number of tries (email change) says how many are left.
      const left = count(error.details, 'attemptsLeft');
      if (left === null) return t('errors.invalid_code');
      return left > 0
        ? t('errors.invalidCodeAttemptsLeft', { count: left })
        : t('errors.invalidCodeNoAttemptsLeft');
    }
    default:
      return t(`errors.${error.code}`);
  }
}
