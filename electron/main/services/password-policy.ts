import { AppError } from '../../../shared/result';

/** Minimum policy applied to every new password; the full policy (issue 4) extends this. */
export interface PasswordPolicy {
  minLength: number;
  maxLength: number;
}

export const DEFAULT_POLICY: PasswordPolicy = { minLength: 12, maxLength: 256 };

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
}
