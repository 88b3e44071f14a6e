import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../shared/ipc/contract';
import type { Services } from '../electron/main/services/services';

const root = join(__dirname, '..');
const contracts = join(root, 'shared/ipc/contracts');
const handlers = join(root, 'electron/main/ipc');

/** `two-factor` -> `twoFactor`: a file's name as a channel prefix. */
function prefixOf(file: string): string {
  return file.replace(/\.(contract|ipc)\.ts$/, '').replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}

/** The channels in `names` whose prefix is not the one `file` is named for. */
function misplaced(file: string, names: string[]): string[] {
  return names.filter((n) => n.split(':')[0] !== prefixOf(file));
}

/** The exported objects of a module whose keys are channel names. */
async function channelsIn(path: string, build?: (f: (s: Services) => object) => object): Promise<string[]> {
  const mod = (await import(path)) as Record<string, unknown>;
  return Object.values(mod).flatMap((v) => {
    const obj = typeof v === 'function' && build ? build(v as (s: Services) => object) : v;
    return obj && typeof obj === 'object' ? Object.keys(obj).filter((k) => k.includes(':')) : [];
  });
}

// Issue 13: a channel's prefix names its slice, so `users:disableTwoFactor` is found in
// users.contract.ts and users.ipc.ts by name, not by memory.
describe("a channel's prefix names its contract file and its handler file", () => {
  it('every contract file declares only channels of its own prefix, and together they are the contract', async () => {
    const seen: string[] = [];
    for (const file of readdirSync(contracts).filter((f) => f.endsWith('.contract.ts'))) {
      const names = await channelsIn(join(contracts, file));
      expect(names.length, file).toBeGreaterThan(0);
      for (const name of names)
        expect(`${file}: ${name.split(':')[0] ?? ''}`).toBe(`${file}: ${prefixOf(file)}`);
      seen.push(...names);
    }
    expect(seen.sort()).toEqual([...CHANNELS].sort());
  });

  it('every handler file handles only channels of its own prefix, and each prefix has one', async () => {
    const services = {} as Services;
    const seen: string[] = [];
    for (const file of readdirSync(handlers).filter((f) => f.endsWith('.ipc.ts'))) {
      const names = await channelsIn(join(handlers, file), (f) => f(services));
      expect(names.length, file).toBeGreaterThan(0);
      for (const name of names)
        expect(`${file}: ${name.split(':')[0] ?? ''}`).toBe(`${file}: ${prefixOf(file)}`);
      seen.push(...names);
    }
    expect(seen.sort()).toEqual([...CHANNELS].sort());
  });

  it('a channel planted in the wrong file is caught (as users:disableTwoFactor was in two-factor.*)', () => {
    expect(misplaced('two-factor.contract.ts', ['twoFactor:status', 'users:disableTwoFactor'])).toEqual([
      'users:disableTwoFactor',
    ]);
    expect(misplaced('linked-token.ipc.ts', ['linkedToken:get'])).toEqual([]);
  });
});
