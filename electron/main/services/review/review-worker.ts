import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LoadJob } from './review-loader';

/**
 * Where the review worker's code is. The built app (electron-vite) has a second main-process entry,
 * `review-worker` (electron.vite.config.ts), emitted beside index.js as out/main/review-worker.js;
 * the service is bundled into index.js, so `__dirname` is out/main there. Running from source
 * (vitest, Playwright, tsx) that file does not exist and the worker starts through
 * review.worker.dev.cjs, which registers tsx and requires review.worker.ts.
 */
export function reviewWorkerScript(dir: string = __dirname): string {
  const built = join(dir, 'review-worker.js');
  return existsSync(built) ? built : join(dir, 'review.worker.dev.cjs');
}

/**
 * Starts one review worker thread: 64 MB old space (it streams, it never needs more) and a 16 MB
 * young generation (phase 2 parses a million lines into short-lived objects; a smaller nursery
 * took the peak resident memory of a 1,000,000-line review from 180 to 173-174 MB in the bench).
 */
export function startReviewWorker(job: LoadJob, script = reviewWorkerScript()): Worker {
  return new Worker(script, {
    workerData: job,
    resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 },
    // Not the parent's stdin; its output would only ever be a crash report.
    stdin: false,
  });
}
