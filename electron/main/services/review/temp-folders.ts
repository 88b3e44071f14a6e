import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PREFIX = 'portcullis-review-';
const OWNER_FILE = 'owner.pid';
/** A folder without an owner file is left alone this long (another process may be creating it). */
const UNOWNED_GRACE_MS = 60 * 60 * 1000;

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
  const dir = mkdtempSync(join(base, PREFIX));
  chmodSync(dir, 0o700);
  writeFileSync(join(dir, OWNER_FILE), String(process.pid), { mode: 0o600 });
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

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Deletes review folders left behind by a process that no longer runs (the app was killed, so its
 * exit hook never ran). Only this user's folders can be removed; others are skipped. Returns how many.
 */
export function sweepStaleFolders(base: string = tmpdir(), now = Date.now()): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(base).filter((n) => n.startsWith(PREFIX));
  } catch {
    return 0;
  }
  for (const name of names) {
    const dir = join(base, name);
    if (live.has(dir)) continue;
    try {
      let stale: boolean;
      try {
        const pid = Number(readFileSync(join(dir, OWNER_FILE), 'utf8'));
        stale = !Number.isSafeInteger(pid) || pid <= 0 || !alive(pid);
      } catch {
        stale = now - statSync(dir).mtimeMs > UNOWNED_GRACE_MS;
      }
      if (!stale) continue;
      rmSync(dir, { recursive: true, force: true });
      removed++;
    } catch {
      // Not ours or already gone: leave it.
    }
  }
  return removed;
}
