import type { Logger } from '../adapters/logger';

/**
 * A background job run `firstMs` after start and then every `intervalMs`, on unref'd timers (it
 * never keeps the process alive); a failed run is logged and the next one goes ahead; `stop()`
 * waits for a run in progress. Session sweep and blocking notices run on it.
 */
export class PeriodicJob {
  private timer: ReturnType<typeof setInterval> | null = null;
  private first: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly failure: string,
    private readonly run: () => Promise<unknown>,
    private readonly logger: Logger,
  ) {}

  /** Starts the timers; a second call while running does nothing. */
  start(intervalMs: number, firstMs: number): void {
    if (this.timer) return;
    const tick = () => {
      this.running = this.run().catch((e: unknown) => {
        this.logger.error(this.failure, { error: e instanceof Error ? e.message : String(e) });
      });
    };
    this.first = setTimeout(tick, firstMs);
    this.first.unref();
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref();
  }

  /** Stops the timers and waits for a run in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.first) clearTimeout(this.first);
    this.timer = null;
    this.first = null;
    await this.running;
  }
}
