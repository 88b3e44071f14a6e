import type { FileDialog } from '../../electron/main/adapters/file-dialog.port';

/** The e2e stand-in for native file dialogs: specs queue the paths the "person" picks. */
export class TestFileDialog implements FileDialog {
  readonly savePaths: (string | null)[] = [];
  readonly openPaths: (string | null)[] = [];

  /** The next save dialog answers this path (null = cancel). */
  willSaveTo(path: string | null): void {
    this.savePaths.push(path);
  }

  /** The next open dialog answers this path (null = cancel). */
  willOpen(path: string | null): void {
    this.openPaths.push(path);
  }

  chooseSavePath(): Promise<string | null> {
    return Promise.resolve(this.savePaths.shift() ?? null);
  }

  chooseOpenPath(): Promise<string | null> {
    return Promise.resolve(this.openPaths.shift() ?? null);
  }
}
