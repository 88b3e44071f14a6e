import { afterEach, beforeEach } from 'vitest';
import { removeDir, startServices, type TestApp } from './services';
import { seedUsers, type SeedUser } from './admin-fixtures';

/**
 * Stands for the value `current()` returns while a test runs, so a describe block names it once
 * (`const app = servicesPerTest()`) instead of re-assigning a `let` in every beforeEach.
 * `extra` members are answered first (helpers that belong to the stand-in, not to the value).
 */
export function liveValue<T extends object, X extends object = object>(current: () => T, extra?: X): T & X {
  const helpers: object = extra ?? {};
  const own = (key: string | symbol) => Object.hasOwn(helpers, key);
  return new Proxy({} as T & X, {
    get: (_target, key) => (own(key) ? Reflect.get(helpers, key) : Reflect.get(current(), key)) as unknown,
    set: (_target, key, value) => Reflect.set(current(), key, value),
    has: (_target, key) => own(key) || Reflect.has(current(), key),
  });
}

/** A fresh value for each test of the enclosing describe: `value` reads the running test's one. */
export interface PerTest<T> {
  readonly value: T;
  /** Puts `next` in place of the running test's value (after a restart); `stop` ends it after the test. */
  replace(next: T): void;
}

/** Builds a fresh `T` before each test of the enclosing describe and ends it with `stop` after. */
export function perTest<T extends object>(
  start: () => Promise<T>,
  stop: (value: T) => Promise<void>,
): PerTest<T> {
  let current: T | undefined;
  beforeEach(async () => {
    current = await start();
  });
  afterEach(async () => {
    const ending = current;
    current = undefined;
    if (ending) await stop(ending);
  });
  return {
    value: liveValue(() => {
      // A describe-level read (outside it() and the hooks) has no test to belong to.
      if (!current)
        throw new Error('This per-test value exists only while a test runs: read it inside it() or a hook.');
      return current;
    }),
    replace: (next) => {
      current = next;
    },
  };
}

/** Closes a test app and deletes its folder (database, WAL, exports). */
export async function closeApp(app: TestApp): Promise<void> {
  await app.close();
  removeDir(app.dir);
}

/** The running test's app, plus a restart on the same database. */
export type PerTestApp = TestApp & {
  /** Starts the services again on the same folder and clock, after the test closed them (a restart). */
  reopen(): Promise<void>;
};

/** Real services on a fresh database for each test of the enclosing describe, removed after it. */
export function servicesPerTest(start: () => Promise<TestApp> = () => startServices()): PerTestApp {
  const slot = perTest(start, closeApp);
  const reopen = async () => {
    slot.replace(await startServices({ dir: slot.value.dir, clock: slot.value.clock }));
  };
  return liveValue(() => slot.value, { reopen });
}

/** A `start` for servicesPerTest(): real services with `seed` run on them before the test sees them. */
export function startSeeded(seed: (app: TestApp) => Promise<unknown>): () => Promise<TestApp> {
  return async () => {
    const started = await startServices();
    try {
      await seed(started);
    } catch (e) {
      await closeApp(started);
      throw e;
    }
    return started;
  };
}

/** servicesPerTest() with `users` seeded before each test; `id(username)` is a seeded user's id. */
export function seededServicesPerTest<const U extends readonly SeedUser[]>(users: U) {
  let ids: number[] = [];
  const app = servicesPerTest(
    startSeeded(async (started) => {
      ids = await seedUsers(started, users);
    }),
  );
  const id = (username: U[number]['username']): number => {
    const found = ids[users.findIndex((u) => u.username === username)];
    if (found === undefined) throw new Error(`${username} is not one of the seeded users.`);
    return found;
  };
  return { app, id };
}
