import type { Err } from '@shared/result';
import { i18n } from './index';
import { mainErrorMessages } from './en/main-errors';

type Details = NonNullable<Err['details']>;

const ROLES = ['owner', 'admin', 'support', 'auditor', 'member'] as const;
const PERMISSION_RULES = [
  'recover_self',
  'recover_owner',
  'recover_peer',
  'above_role',
  'role_above_own',
  'token_role_above',
] as const;
const INVALID_RULES = ['token_months', 'max_below_min', 'current_session'] as const;
const CONFLICT_RULES = ['block_self', 'already_revoked', 'two_factor_off'] as const;
const SIZED = ['too_small', 'too_big'] as const;
const ORIGINS = ['string', 'number', 'array'] as const;

const oneOf = <T extends string>(list: readonly T[], value: unknown): T | null =>
  list.includes(value as T) ? (value as T) : null;
const num = (value: unknown): number | null => {
  const n = Number(value);
  return typeof value === 'number' && Number.isFinite(n) ? n : null;
};

function permissionText(d: Details): string | null {
  const { t } = i18n.global;
  const rule = oneOf(PERMISSION_RULES, d.rule);
  if (!rule) return null;
  if (rule === 'recover_self' || rule === 'recover_owner')
    return t(`errorDetail.permissionRule.${rule}${d.action === 'role' ? '_role' : ''}`);
  const role = oneOf(ROLES, rule === 'role_above_own' || rule === 'token_role_above' ? d.role : d.targetRole);
  return role ? t(`errorDetail.permissionRule.${rule}`, { role: t(`roles.${role}`) }) : null;
}

function invalidText(d: Details): string | null {
  const { t } = i18n.global;
  const rule = oneOf(INVALID_RULES, d.rule);
  if (rule) return t(`errorDetail.invalidRule.${rule}`, { min: num(d.min) ?? 1, max: num(d.max) ?? 12 });
  const sized = oneOf(SIZED, d.issue);
  const origin = oneOf(ORIGINS, d.origin);
  if (sized && origin) {
    const bound = num(sized === 'too_small' ? d.minimum : d.maximum);
    if (bound === null) return null;
    return t(
      `errorDetail.invalidIssue.${sized}_${origin}`,
      { minimum: bound, maximum: bound },
      { plural: bound },
    );
  }
  if (d.issue === 'invalid_format' && d.format === 'email')
    return t('errorDetail.invalidIssue.invalid_format_email');
  return null;
}

type MainRule = keyof (typeof mainErrorMessages)['mainError'];
const MAIN_RULES = Object.keys(mainErrorMessages.mainError) as MainRule[];

/**
 * The sentence for a rule main sends with any code (`mainError.<rule>`), its parameters filled
 * from details: a role by its translated name, anything else as plain text cut to 80 characters.
 */
export function mainRuleText(d: Details | undefined): string | null {
  const rule = d ? oneOf(MAIN_RULES, d.rule) : null;
  if (!d || !rule) return null;
  const { t } = i18n.global;
  const role = oneOf(ROLES, d.role);
  const named: Record<string, string> = {
    fingerprint: String(d.fingerprint ?? '').slice(0, 80),
    max: String(num(d.max) ?? ''),
    role: role ? t(`roles.${role}`) : '',
  };
  return t(`mainError.${rule}`, named);
}

/**
 * The translated sentence for a refusal main explained with a rule code or a schema issue in
 * `details` (invalid_input, permission_denied, conflict); null when this version knows none.
 */
export function ruleText(error: Err): string | null {
  const d = error.details;
  if (!d) return null;
  if (error.code === 'permission_denied') return permissionText(d);
  if (error.code === 'invalid_input') return invalidText(d);
  if (error.code === 'conflict') {
    const rule = oneOf(CONFLICT_RULES, d.rule);
    return rule ? i18n.global.t(`errorDetail.conflictRule.${rule}`) : null;
  }
  return null;
}
