import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { AppError } from '../../../../shared/result';

/** The phone number in E.164, or an invalid_input error people can act on. */
export function toE164(raw: string | undefined): string {
  const parsed = raw ? parsePhoneNumberFromString(raw) : undefined;
  if (!parsed?.isValid())
    throw new AppError(
      'invalid_input',
      'Enter a valid phone number in international format, for example +44 7911 123456.',
      {
        field: 'phone',
        rule: 'phone_format',
      },
    );
  return parsed.number;
}

/** The error for a refused code; `reason` lets the UI show the clock advice. */
export function codeError(reason: 'wrong_code' | 'expired' | 'replay' | 'backup_used'): AppError {
  if (reason === 'backup_used')
    return new AppError(
      'invalid_code',
      'That backup code was already used: each backup code works once. Enter another of your backup codes.',
      { reason: 'backup_used' },
    );
  return new AppError('invalid_code', 'That code is not correct or was already used.', { reason });
}
