import type { DesktopServices } from '../services/desktop';
import type { HandlerMap } from './handler';

type ClipboardChannel = Extract<keyof HandlerMap, `clipboard:${string}`>;

/** clipboard:* channels: Copy through main; no sign-in and no directory needed. */
export function clipboardHandlers(s: DesktopServices): Pick<HandlerMap, ClipboardChannel> {
  return {
    'clipboard:writeText': async ({ text, secret }) => {
      await s.clipboard.writeText(text, secret);
      return null;
    },
  };
}
