import { BrowserWindow, dialog } from 'electron';
import type { FileDialog } from '../adapters/file-dialog.port';

/** Native save/open dialogs, attached to the focused window. */
export class ElectronFileDialog implements FileDialog {
  async chooseSavePath(o: {
    title: string;
    defaultName: string;
    extensions: string[];
  }): Promise<string | null> {
    const win = BrowserWindow.getFocusedWindow();
    const options = {
      title: o.title,
      defaultPath: o.defaultName,
      filters: [{ name: o.title, extensions: o.extensions }],
    };
    const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    return r.canceled || !r.filePath ? null : r.filePath;
  }

  async chooseOpenPath(o: { title: string; extensions: string[] }): Promise<string | null> {
    const win = BrowserWindow.getFocusedWindow();
    const options = {
      title: o.title,
      properties: ['openFile' as const],
      filters: [
        { name: o.title, extensions: o.extensions },
        { name: 'All files', extensions: ['*'] },
      ],
    };
    const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return r.canceled ? null : (r.filePaths[0] ?? null);
  }
}
