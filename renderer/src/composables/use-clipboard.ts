import type { Result } from '@shared/result';
import { clipboardApi } from '@/api/clipboard.api';

/**
 * Copies text through main (the desktop window grants no clipboard permission, so
 * navigator.clipboard fails there). `secret` (API token secrets, backup codes) is cleared from the
 * clipboard after 60 s; fingerprints are public and stay. Answers main's Result.
 */
export function writeClipboard(value: string, secret = false): Promise<Result<null>> {
  return clipboardApi.writeText(value, secret);
}

/** `writeClipboard`, answering true when it worked. */
export async function copyText(value: string, secret = false): Promise<boolean> {
  return (await writeClipboard(value, secret)).ok;
}
