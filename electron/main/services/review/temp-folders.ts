import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const live = new Set<string>();
let hooked = false;

/** Removes every review folder still present; runs at process exit (app quit, CLI end, crash in JS). */
function removeAllNow(): void {
  for (const dir of live) rmSync(dir, { recursive: true, force: true });
  live.clear();
}

/** A private (0700) folder in the OS temp folder for one review's database; deleted at exit at the latest. */
export function makePrivateFolder(base: string = tmpdir()): string {
  // mkdtemp creates the folder with mode 0700 on POSIX; the name is unpredictable.
  const dir = mkdtempSync(join(base, 'portcullis-review-'));
  chmodSync(dir, 0o700);
  live.add(dir);
  if (!hooked) {
    hooked = true;
    process.once('exit', removeAllNow);
  }
  return dir;
}

/** Deletes one review folder and everything in it. */
export function removePrivateFolder(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  live.delete(dir);
}
