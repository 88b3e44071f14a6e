// Stands in for electron/preload in the browser harness: the same buildApi from the
// contract, with a Playwright binding instead of ipcRenderer.invoke.
import { buildApi } from '../../shared/ipc/api';
import type { PushEventName } from '../../shared/ipc/events';

interface HarnessWindow {
  __portcullisInvoke(channel: string, input: unknown): Promise<unknown>;
  __portcullisPush?: (event: PushEventName, payload: unknown) => void;
}

const w = window as unknown as HarnessWindow & Window;
(w as unknown as { portcullis: unknown }).portcullis = buildApi(
  (channel, input) => w.__portcullisInvoke(channel, input),
  (deliver) => {
    w.__portcullisPush = deliver;
  },
);
