// Development and test entry of the review worker: registers tsx so the TypeScript worker runs
// from source (vitest, Playwright, `npm run cli`). The built app loads out/main/review-worker.js
// instead (see review-worker.ts); tsx is a dev dependency and is never needed there.
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS bootstrap */
require('tsx/cjs/api').register();
require('./review.worker.ts');
