/**
 * One-at-a-time per key, in this process: calls with the same key run in arrival order, each
 * after the previous one settled; other keys are not held up. Used so that an account's count of
 * wrong guesses is decided before its next guess is evaluated (the SQL counters make the limit
 * hold across processes; this makes the answers to a burst come in a fixed order).
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `fn` once every earlier call with `key` has settled. */
  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(fn);
    // The tail never rejects, so one failed call does not fail the ones queued behind it.
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with a call running or queued (for tests: nothing is left behind). */
  get size(): number {
    return this.tails.size;
  }
}
