import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Runs every bench/*.bench.ts (default export) in turn and prints their figures. */
async function main(): Promise<void> {
  const dir = import.meta.dirname;
  const only = process.argv[2];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort()) {
    if (only && !file.includes(only)) continue;
    process.stdout.write(`\n== ${file}\n`);
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as { default?: () => Promise<void> };
    if (typeof mod.default !== 'function') throw new Error(`${file} has no default export to run`);
    await mod.default();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
