import { z } from 'zod';
import { dictionary } from '@zxcvbn-ts/language-common';
import { AppError } from '../../../../shared/result';
import type { SettingsRepository } from '../../db/repositories/settings.repository';

/** The password policy (docs/product.md F2), stored in settings under `passwordPolicy`. */
export const passwordPolicySchema = z.object({
  minLength: z.number().int().min(8).max(128).default(12),
  maxLength: z.number().int().min(64).max(1024).default(256),
  /** How many previous passwords may not be used again. */
  historyCount: z.number().int().min(0).max(24).default(5),
  /** Days after which sign-in forces a change; 0 means never. */
  maxAgeDays: z.number().int().min(0).max(3650).default(0),
  /**
   * Context-specific words (ASVS 6.1.2, 6.2.11): names of the organisation, product, systems.
   * A password may contain them, but not lean on them: without them it must still be long enough.
   */
  contextWords: z.array(z.string().trim().toLowerCase().min(3).max(64)).max(200).default(['portcullis']),
});
export type FullPasswordPolicy = z.infer<typeof passwordPolicySchema>;

/** The part of the policy a single password is checked against. */
export interface PasswordPolicy {
  minLength: number;
  maxLength: number;
  contextWords?: readonly string[];
}

export const DEFAULT_POLICY: FullPasswordPolicy = passwordPolicySchema.parse({});

/** The settings key the policy is stored under. */
export const PASSWORD_POLICY_KEY = 'passwordPolicy';

/** Reads the policy with defaults filled in (a damaged value falls back to the defaults). */
export async function loadPasswordPolicy(repo: SettingsRepository): Promise<FullPasswordPolicy> {
  const parsed = passwordPolicySchema.safeParse((await repo.get(PASSWORD_POLICY_KEY)) ?? {});
  return parsed.success ? parsed.data : DEFAULT_POLICY;
}

// The shipped list: zxcvbn-ts's common-password dictionary (~49,000 entries from breach
// corpora, most frequent first), held offline in the package; compared case-insensitively.
let common: Set<string> | undefined;
/** True when the password is on the shipped common/breached-password list. */
export function isCommonPassword(password: string): boolean {
  common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return common.has(password.toLowerCase());
}

/** Number of entries in the shipped common-password list. */
export function commonPasswordCount(): number {
  return dictionary['passwords-common'].length;
}

/** Throws a `password_policy` AppError naming the rule a new password breaks. */
export function assertPasswordAllowed(
  password: string,
  policy: PasswordPolicy,
  identity: { username: string; email: string },
): void {
  // NIST SP 800-63B counts each Unicode code point as one character.
  const length = Array.from(password).length;
  if (length < policy.minLength)
    throw new AppError('password_policy', `Use at least ${policy.minLength} characters.`, {
      rule: 'min_length',
      min: policy.minLength,
    });
  if (length > policy.maxLength)
    throw new AppError('password_policy', `Use at most ${policy.maxLength} characters.`, {
      rule: 'max_length',
      max: policy.maxLength,
    });
  const lower = password.toLowerCase();
  if (lower === identity.username.toLowerCase() || lower === identity.email.toLowerCase())
    throw new AppError('password_policy', 'The password must not be your username or email address.', {
      rule: 'identity',
    });
  assertNotBuiltOnContextWords(lower, policy);
  if (isCommonPassword(password))
    throw new AppError(
      'password_policy',
      'This password is on the list of common or breached passwords. Choose one that is harder to guess.',
      { rule: 'common' },
    );
}

/** Refuses a password that, without the context words it contains, is shorter than the minimum. */
function assertNotBuiltOnContextWords(lower: string, policy: PasswordPolicy): void {
  const found = (policy.contextWords ?? []).filter((w) => lower.includes(w));
  const [first] = found;
  if (first === undefined) return;
  let rest = lower;
  for (const w of found) rest = rest.split(w).join(' ');
  const left = Array.from(rest.replace(/[^\p{L}\p{N}]/gu, '')).length;
  if (left < policy.minLength)
    throw new AppError(
      'password_policy',
      `Do not build the password on "${first}": without it, use at least ${String(policy.minLength)} letters or digits.`,
      { rule: 'context', word: first, min: policy.minLength },
    );
}
