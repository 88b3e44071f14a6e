import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchArgs, stopBenchPg } from './engines';

/**
 * Runs every bench/*.bench.ts (default export) in turn and prints their figures.
 * `npm run bench -- [NAME] [--engine sqlite|postgres|both]`: only benches whose file name
 * holds NAME; the users and audit benches run on the engines chosen (default both).
 */
async function main(): Promise<void> {
  const dir = import.meta.dirname;
  const { only, engines } = benchArgs();
  process.stdout.write(`engines: ${engines.join(', ')}\n`);
  try {
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith('.bench.ts'))
      .sort()) {
      if (only && !file.includes(only)) continue;
      process.stdout.write(`\n== ${file}\n`);
      const mod = (await import(pathToFileURL(join(dir, file)).href)) as { default?: () => Promise<void> };
      if (typeof mod.default !== 'function') throw new Error(`${file} has no default export to run`);
      await mod.default();
    }
  } finally {
    await stopBenchPg();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
