import { performance } from 'node:perf_hooks';
import { removeDir, startServices, windowCaller } from '../tests/support/services';
import { seedUsers, type SeedUser } from '../tests/support/admin-fixtures';

const ROUNDS = 150;
const WARMUP = 10;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0;
}

/** 95% bootstrap interval of median(a) - median(b). */
function bootstrapDiff(a: readonly number[], b: readonly number[]): [number, number] {
  const pick = (xs: readonly number[]) =>
    Array.from(xs, () => xs[Math.floor(Math.random() * xs.length)] ?? 0);
  const diffs = Array.from({ length: 2000 }, () => median(pick(a)) - median(pick(b))).sort((x, y) => x - y);
  return [diffs[50] ?? 0, diffs[1949] ?? 0];
}

/**
 * Sign-in timing through the full IPC pipeline (ASVS 6.3.x, issue 7): an unknown username, a
 * wrong password for a real user, and a locked account must cost the same — the service verifies
 * against a dummy argon2id hash when there is no real one to check. Attempts are interleaved in
 * random order so drift (thermal, other load) hits every kind alike; each login is used fewer
 * times than the lockout limit so no attempt takes the locked path by accident.
 */
export default async function authTimingBench(): Promise<void> {
  const app = await startServices();
  try {
    const real: SeedUser[] = Array.from({ length: ROUNDS + WARMUP }, (_, i) => ({
      username: `timing.real${i}`,
    }));
    const locked: SeedUser[] = Array.from({ length: ROUNDS + WARMUP }, (_, i) => ({
      username: `timing.locked${i}`,
      lockedUntil: '2099-01-01T00:00:00Z',
    }));
    await seedUsers(app, [...real, ...locked]);
    const { caller } = windowCaller('timing');
    const kinds = ['unknown user', 'wrong password', 'locked account'] as const;
    const times: Record<(typeof kinds)[number], number[]> = {
      'unknown user': [],
      'wrong password': [],
      'locked account': [],
    };
    const attempt = async (kind: (typeof kinds)[number], i: number, keep: boolean) => {
      const login =
        kind === 'unknown user'
          ? `timing.ghost${i}`
          : kind === 'wrong password'
            ? `timing.real${i}`
            : `timing.locked${i}`;
      const t = performance.now();
      const r = await app.container.pipeline.dispatch(caller, 'auth:signIn', {
        login,
        password: `wrong password ${i}`,
      });
      const ms = performance.now() - t;
      const expected = kind === 'locked account' ? 'account_locked' : 'invalid_credentials';
      if (r.ok || r.code !== expected)
        throw new Error(`${kind}: expected ${expected}, got ${JSON.stringify(r)}`);
      if (keep) times[kind].push(ms);
    };
    for (let i = 0; i < ROUNDS + WARMUP; i++) {
      const order = [...kinds].sort(() => Math.random() - 0.5);
      for (const kind of order) await attempt(kind, i, i >= WARMUP);
    }
    const f = (n: number) => `${n.toFixed(2)} ms`;
    for (const kind of kinds)
      process.stdout.write(
        `sign-in, ${kind.padEnd(15)} n=${String(times[kind].length)}  p50 ${f(median(times[kind]))}  p95 ${f(percentile(times[kind], 95))}\n`,
      );
    const wrong = times['wrong password'];
    // Noise: the same kind of attempt split in two interleaved halves.
    const noise = Math.abs(
      median(wrong.filter((_, i) => i % 2 === 0)) - median(wrong.filter((_, i) => i % 2 === 1)),
    );
    for (const kind of ['unknown user', 'locked account'] as const) {
      const d = median(times[kind]) - median(wrong);
      const [lo, hi] = bootstrapDiff(times[kind], wrong);
      const within = lo <= 0 && hi >= 0;
      process.stdout.write(
        `${kind} vs wrong password: median difference ${f(d)} (95% CI ${f(lo)} .. ${f(hi)}; same-kind split ${f(noise)}) -> ${within ? 'within noise' : 'DIFFERENT'}\n`,
      );
    }
  } finally {
    await app.close();
    removeDir(app.dir);
  }
}
