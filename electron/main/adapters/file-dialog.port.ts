/** Asks the person where a file goes or which file to open (a native dialog in the app). */
export interface FileDialog {
  /** A path to save to, or null when the person cancelled. */
  chooseSavePath(o: { title: string; defaultName: string; extensions: string[] }): Promise<string | null>;
  /** A path to open, or null when the person cancelled. */
  chooseOpenPath(o: { title: string; extensions: string[] }): Promise<string | null>;
}

/** The dialog services use; the app (or a test harness) installs the real one with `use`. */
export class FileDialogSlot implements FileDialog {
  private impl: FileDialog | null = null;

  /** Installs the implementation. */
  use(impl: FileDialog): void {
    this.impl = impl;
  }

  chooseSavePath(o: { title: string; defaultName: string; extensions: string[] }): Promise<string | null> {
    return this.impl ? this.impl.chooseSavePath(o) : Promise.resolve(null);
  }

  chooseOpenPath(o: { title: string; extensions: string[] }): Promise<string | null> {
    return this.impl ? this.impl.chooseOpenPath(o) : Promise.resolve(null);
  }
}
