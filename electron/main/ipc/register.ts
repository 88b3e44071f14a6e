import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { CHANNELS } from '../../../shared/ipc/contract';
import { PUSH_CHANNEL } from '../../../shared/ipc/events';
import type { ClientInfo } from '../services/context';
import type { CallDispatcher } from '../remote/dispatcher';
import type { Caller } from './pipeline';

/** The caller of an invoke: the sending frame must be its window's top frame. */
function callerOf(event: IpcMainInvokeEvent, clientOf: (wc: WebContents) => ClientInfo): Caller {
  const frame = event.senderFrame;
  const sender = event.sender;
  return {
    key: `wc:${sender.id}`,
    frameUrl: frame?.url ?? '',
    isMainFrame: frame !== null && frame === sender.mainFrame,
    client: clientOf(sender),
    push: (name, payload) => {
      if (!sender.isDestroyed()) sender.send(PUSH_CHANNEL, { event: name, payload });
    },
  };
}

/**
 * The only file that touches ipcMain: one handler per contract channel, each handing the call to
 * the dispatcher: the local pipeline (sender check -> parse -> session -> permission -> service ->
 * Result) or a team server relay (electron/main/remote), which one may change while the app runs.
 * Returns a function that removes them again.
 */
export function registerIpc(pipeline: CallDispatcher, clientOf: (wc: WebContents) => ClientInfo): () => void {
  for (const name of CHANNELS) {
    ipcMain.handle(name, (event, payload: unknown) =>
      pipeline.dispatch(callerOf(event, clientOf), name, payload),
    );
  }
  return () => {
    for (const name of CHANNELS) ipcMain.removeHandler(name);
  };
}
