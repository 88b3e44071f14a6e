import { join } from 'node:path';
import { buildSync } from 'esbuild';

const root = join(__dirname, '../..');

/**
 * Bundles a child script together with the offline review's worker to plain CommonJS under
 * `node_modules/.cache/<cacheName>` (inside the repository, so the native modules left external
 * resolve from node_modules), so a measured process runs the work, not the TypeScript loader.
 * Used by the audit bench, the review-load bench and the hostile-file test.
 */
export function bundleWithReviewWorker(
  cacheName: string,
  childName: string,
  childEntry: string,
): { script: string; worker: string } {
  const out = join(root, 'node_modules/.cache', cacheName);
  buildSync({
    entryPoints: {
      [childName]: childEntry,
      'review-worker': join(root, 'electron/main/services/review/review.worker.ts'),
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    outdir: out,
    outExtension: { '.js': '.cjs' },
    external: ['better-sqlite3', 'keytar', 'argon2', 'geoip-lite', 'electron', 'pg'],
    logLevel: 'error',
  });
  return { script: join(out, `${childName}.cjs`), worker: join(out, 'review-worker.cjs') };
}
