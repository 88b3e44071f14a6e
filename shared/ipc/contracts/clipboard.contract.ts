import { z } from 'zod';
import { channel } from '../channel';

/** The longest text Copy sends (backup codes are ~150 characters, a token secret under 100). */
export const CLIPBOARD_MAX = 4096;

/**
 * Copy through main (the window has no clipboard permission). Public: the offline review page
 * copies fingerprints with no session and before any directory exists. Write-only: nothing
 * reads the clipboard back to a window.
 */
export const clipboardContract = {
  /** Writes text to the system clipboard; `secret: true` clears it after 60 s if still there. */
  'clipboard:writeText': channel<null>()({
    access: 'public',
    input: z.strictObject({
      text: z
        .string()
        .min(1, 'Nothing to copy')
        .max(CLIPBOARD_MAX, `Copy at most ${CLIPBOARD_MAX} characters`),
      secret: z.boolean(),
    }),
  }),
} as const;
