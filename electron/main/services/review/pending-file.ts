/**
 * The export file the app was started with (command-line argument, macOS open-file), kept until
 * the review page asks for it once through `review:openPending`. Set by electron/main/index.ts.
 */
export class PendingReviewFile {
  private path: string | null = null;

  /** Remembers a file to review (the latest one wins). */
  set(path: string): void {
    this.path = path;
  }

  /** The file, once: later calls answer null until another file is set. */
  take(): string | null {
    const p = this.path;
    this.path = null;
    return p;
  }

  /** Whether a file is waiting (without taking it). */
  get waiting(): boolean {
    return this.path !== null;
  }
}
