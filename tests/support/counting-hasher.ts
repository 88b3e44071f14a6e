import { PasswordHasher } from '../../electron/main/security/password-hasher';

/**
 * Counts every argon2 verification and the hash it was checked against. The cost is low here on
 * purpose: what is under test is how many guesses get evaluated, not the work per guess
 * (production parameters are asserted in auth.service.test.ts).
 */
export class CountingHasher extends PasswordHasher {
  readonly verified: string[] = [];
  private held: { started: () => void; gate: Promise<void> } | null = null;
  constructor() {
    super({ memoryCost: 1024, timeCost: 1, parallelism: 1 });
  }

  /** The next check waits for `release()`: a slow check another process can overtake. */
  hold(): { started: Promise<void>; release: () => void } {
    const gate = latch();
    const entered = latch();
    this.held = { started: entered.open, gate: gate.opened };
    return { started: entered.opened, release: gate.open };
  }

  override async verify(hash: string, password: string): Promise<boolean> {
    this.verified.push(hash);
    const held = this.held;
    if (held) {
      this.held = null;
      held.started();
      await held.gate;
    }
    return super.verify(hash, password);
  }
}

/** A promise opened by calling `open`. */
function latch(): { opened: Promise<void>; open: () => void } {
  const box: { open: () => void } = { open: () => undefined };
  const opened = new Promise<void>((resolve) => {
    box.open = () => {
      resolve();
    };
  });
  return {
    opened,
    open: () => {
      box.open();
    },
  };
}
