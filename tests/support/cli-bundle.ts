import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

const root = join(__dirname, '../..');

/**
 * The `portcullis` CLI bundled once to plain JS (native modules stay external and load from
 * node_modules), so a test can run it many times at the cost of a process start, not a TypeScript
 * compile of the whole app. Same source as `npm run cli`.
 */
export function bundleCli(name = 'cli'): string {
  const out = join(root, `node_modules/.cache/portcullis-test/${name}-${process.pid}.cjs`);
  buildSync({
    entryPoints: [join(root, 'cli/index.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    outfile: out,
    external: ['better-sqlite3', 'keytar', 'argon2', 'geoip-lite', 'electron', 'pg'],
    logLevel: 'error',
  });
  return out;
}

/** Result of one CLI run. */
export interface CliRun {
  code: number | null;
  out: string;
  err: string;
}

/** Runs the bundled CLI with `args` (cwd: the repository), optional env and stdin. */
export function runBundled(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  input = '',
): CliRun {
  const r = spawnSync(process.execPath, [script, ...args], { cwd: root, env, input, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
