import { clipboardApi } from '@/api/clipboard.api';

/**
 * Copies text through main (the desktop window grants no clipboard permission, so
 * navigator.clipboard fails there). Fingerprints are public: not cleared later. True when it worked.
 */
export async function copyText(value: string): Promise<boolean> {
  return (await clipboardApi.writeText(value, false)).ok;
}
