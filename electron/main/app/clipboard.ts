import { clipboard } from 'electron';
import type { ClipboardPort } from '../adapters/clipboard.port';

/** The system clipboard through Electron's main-process module (no window permission needed). */
export const electronClipboard: ClipboardPort = {
  writeText: (text) => clipboard.writeText(text),
  readText: () => clipboard.readText(),
};
