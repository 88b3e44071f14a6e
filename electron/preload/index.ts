import { contextBridge, ipcRenderer } from 'electron';
import { buildApi } from '../../shared/ipc/api';
import { PUSH_CHANNEL, type PushEventName } from '../../shared/ipc/events';

/** Exposes exactly the contract as `window.portcullis`, grouped by domain; nothing generic. */
const api = buildApi(
  (channel, input) => ipcRenderer.invoke(channel, input),
  (deliver) => {
    ipcRenderer.on(PUSH_CHANNEL, (_event, message: { event: PushEventName; payload: unknown }) => {
      deliver(message.event, message.payload);
    });
  },
);

contextBridge.exposeInMainWorld('portcullis', api);
