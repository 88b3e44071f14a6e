export type Listener = (...args: unknown[]) => unknown;

/** A minimal EventEmitter with a listener count for assertions. */
export class Emitter {
  private listeners = new Map<string, { fn: Listener; once: boolean }[]>();

  on(event: string, fn: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), { fn, once: false }]);
    return this;
  }

  once(event: string, fn: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), { fn, once: true }]);
    return this;
  }

  emit(event: string, ...args: unknown[]): boolean {
    const list = this.listeners.get(event) ?? [];
    this.listeners.set(
      event,
      list.filter((l) => !l.once),
    );
    for (const l of list) l.fn(...args);
    return list.length > 0;
  }

  listenerCount(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }

  /** Event names that have at least one listener. */
  eventNames(): string[] {
    return [...this.listeners].filter(([, list]) => list.length > 0).map(([name]) => name);
  }

  removeAllListeners(): this {
    this.listeners = new Map();
    return this;
  }
}
