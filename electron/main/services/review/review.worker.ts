import { parentPort, workerData } from 'node:worker_threads';
import { loadExport, type LoadJob, type LoadMessage } from './review-loader';

// Worker thread entry: verifies and loads one export off the main thread (docs: review-worker.ts).
const port = parentPort;
if (port) {
  loadExport(workerData as LoadJob, (m: LoadMessage) => {
    port.postMessage(m);
  }).catch((e: unknown) => {
    port.postMessage({
      type: 'error',
      message: `The review stopped: ${e instanceof Error ? e.message : String(e)}. Open the file again.`,
    } satisfies LoadMessage);
  });
}
