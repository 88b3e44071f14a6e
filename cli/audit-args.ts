import { z } from 'zod';
import { normaliseFingerprint } from '../electron/main/services/audit/export-format';
import { checkExportPath, ExportFileError } from '../electron/main/services/audit/open-export';
import { CliError, EXIT } from './io';

/** A signer fingerprint as typed: 64 hex digits, groups separated by spaces or colons, optional `sha256:`. */
export const fingerprintArg = z
  .string()
  .max(200, 'a fingerprint is 64 hexadecimal digits')
  .transform(normaliseFingerprint)
  .pipe(
    z
      .string()
      .regex(
        /^[0-9a-f]{64}$/,
        'expected the 64 hexadecimal digits of a SHA-256 fingerprint (spaces or colons between groups are fine)',
      ),
  );

/** An organisation name for a trusted signer: one line, 1–200 characters. */
export const organisationArg = z
  .string()
  .trim()
  .min(1, 'give the organisation name the signer belongs to')
  .max(200, 'at most 200 characters')
  // eslint-disable-next-line no-control-regex
  .refine((s) => !/[\u0000-\u001f\u007f-\u009f]/.test(s), 'control characters are not allowed');

/** A file path argument (the file itself is checked separately). */
export const pathArg = z.string().min(1, 'give a file name').max(4096, 'the path is too long');

/** Checks that FILE is an existing regular file; anything else is a usage error (exit 2). */
export function existingFile(path: string, what: string): void {
  try {
    checkExportPath(path);
  } catch (e) {
    if (e instanceof ExportFileError) throw new CliError(`${what}: ${e.message}`, EXIT.usage);
    throw e;
  }
}
