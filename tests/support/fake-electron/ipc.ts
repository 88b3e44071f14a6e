// ipcMain, ipcRenderer and contextBridge of the fake 'electron' (see ../fake-electron.ts).
import { Emitter } from './emitter';
import type { FakeFrame, FakeWebContents } from './web';

/** The event ipcMain passes to an invoke handler; tests choose the sender and its frame. */
export interface FakeInvokeEvent {
  sender: FakeWebContents;
  senderFrame: FakeFrame | null;
  processId: number;
  frameId: number;
}

type InvokeHandler = (event: FakeInvokeEvent, ...args: unknown[]) => unknown;

/** ipcMain: records handle/removeHandler; `invoke` plays a renderer calling a channel. */
export class FakeIpcMain extends Emitter {
  readonly handlers = new Map<string, InvokeHandler>();
  readonly log: { op: 'handle' | 'removeHandler'; channel: string }[] = [];

  handle(channel: string, handler: InvokeHandler): void {
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
    this.log.push({ op: 'handle', channel });
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
    this.log.push({ op: 'removeHandler', channel });
  }

  /** Calls the channel's handler as if `senderFrame` of `sender` had invoked it. */
  async invoke(
    channel: string,
    from: { sender: FakeWebContents; senderFrame: FakeFrame | null },
    ...args: unknown[]
  ): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return await handler({ ...from, processId: 1, frameId: from.sender.id }, ...args);
  }

  reset(): void {
    this.handlers.clear();
    this.log.length = 0;
    this.removeAllListeners();
  }
}

/** ipcRenderer: records invokes (answered by `reply`); `deliver` plays main sending a message. */
export class FakeIpcRenderer extends Emitter {
  readonly invoked: { channel: string; args: unknown[] }[] = [];
  reply: (channel: string, ...args: unknown[]) => unknown = () => undefined;

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return Promise.resolve().then(() => this.reply(channel, ...args));
  }

  /** Delivers a message from main on `channel` to the listeners, as webContents.send would. */
  deliver(channel: string, ...args: unknown[]): boolean {
    return this.emit(channel, { sender: this }, ...args);
  }

  reset(): void {
    this.invoked.length = 0;
    this.reply = () => undefined;
    this.removeAllListeners();
  }
}

/** contextBridge: records each exposure; like Electron, refuses to expose a key twice. */
export class FakeContextBridge {
  readonly exposed: { key: string; api: unknown }[] = [];

  exposeInMainWorld(key: string, api: unknown): void {
    if (this.exposed.some((e) => e.key === key))
      throw new Error('Cannot bind an API on top of an existing property on the window object');
    this.exposed.push({ key, api });
  }
}
