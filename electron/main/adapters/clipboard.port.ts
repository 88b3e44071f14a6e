/** The system clipboard as services see it (the app's is app/clipboard.ts, on Electron's module). */
export interface ClipboardPort {
  writeText(text: string): Promise<void>;
  readText(): Promise<string>;
}

/** A clipboard held in memory: tests, the browser e2e harness, and any process without a window system. */
export class MemoryClipboard implements ClipboardPort {
  text = '';

  writeText(text: string): Promise<void> {
    this.text = text;
    return Promise.resolve();
  }

  readText(): Promise<string> {
    return Promise.resolve(this.text);
  }
}
