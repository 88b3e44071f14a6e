import { call } from './client';

/** Copy through main: the window has no clipboard permission. */
export const clipboardApi = {
  /** Copies text; `secret` (token secrets, backup codes) is cleared from the clipboard after 60 s. */
  writeText: (text: string, secret: boolean) => call((api) => api.clipboard.writeText({ text, secret })),
};
