import { createHash } from 'node:crypto';
import type { ClipboardPort } from '../../adapters/clipboard.port';

/** How long a secret stays on the clipboard (issue 17: API token secrets, backup codes). */
export const SECRET_CLEAR_MS = 60_000;

/** Schedules `run` after `ms`; returns a cancel function. Injected so tests drive the time. */
export type Schedule = (run: () => void, ms: number) => () => void;

/** Node's timer, unref'd so a pending clear never keeps the process alive. */
export const nodeSchedule: Schedule = (run, ms) => {
  const t = setTimeout(run, ms);
  t.unref();
  return () => {
    clearTimeout(t);
  };
};

const digest = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * Copy through main: the window denies every permission, so the renderer cannot write the
 * clipboard itself. A secret is cleared after SECRET_CLEAR_MS, but only if the clipboard still
 * holds it (something copied since is the person's, and stays). Only a hash of the secret is
 * kept while the clear is pending.
 */
export class ClipboardService {
  private pending: { hash: string; cancel: () => void } | null = null;
  /** Bumped by every copy, so a clear that raced a newer copy leaves the newer text alone. */
  private generation = 0;

  constructor(
    private readonly port: ClipboardPort,
    private readonly schedule: Schedule = nodeSchedule,
    private readonly clearAfterMs = SECRET_CLEAR_MS,
  ) {}

  /** Writes `text`; a secret is cleared later if still there. A newer copy cancels an older clear. */
  async writeText(text: string, secret: boolean): Promise<void> {
    this.cancelPending();
    const generation = ++this.generation;
    await this.port.writeText(text);
    if (!secret || generation !== this.generation) return;
    const hash = digest(text);
    const cancel = this.schedule(() => {
      this.pending = null;
      // A clear that fails leaves the secret where the person put it; nothing else to undo.
      this.clearIfHeld(hash, generation).catch(() => undefined);
    }, this.clearAfterMs);
    this.pending = { hash, cancel };
  }

  /** At quit: clears a secret still on the clipboard now rather than leaving it behind. */
  async flush(): Promise<void> {
    const p = this.pending;
    this.cancelPending();
    if (p) await this.clearIfHeld(p.hash, this.generation);
  }

  private async clearIfHeld(hash: string, generation: number): Promise<void> {
    const held = await this.port.readText();
    if (digest(held) === hash && generation === this.generation) await this.port.writeText('');
  }

  private cancelPending(): void {
    this.pending?.cancel();
    this.pending = null;
  }
}
