import { performance } from 'node:perf_hooks';
import { removeDir, startServices } from '../tests/support/services';
import { generatedUsers, seedUsers, signInWindow } from '../tests/support/admin-fixtures';

/** p-th percentile (0..100) of sorted numbers. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

function report(label: string, times: number[]): void {
  const sorted = [...times].sort((a, b) => a - b);
  const f = (n: number) => `${n.toFixed(2)} ms`;
  process.stdout.write(
    `${label.padEnd(44)} n=${String(sorted.length).padStart(4)}  p50 ${f(percentile(sorted, 50))}  p95 ${f(percentile(sorted, 95))}  max ${f(sorted[sorted.length - 1] ?? 0)}\n`,
  );
}

/**
 * Users table at 100,000 users: search-as-you-type through the full IPC pipeline (sender
 * check, schema parse, session, permission, handler, SQL), as the renderer sends it.
 */
export default async function usersBench(): Promise<void> {
  const app = await startServices();
  try {
    const t0 = performance.now();
    await seedUsers(app, [{ username: 'bench-support', role: 'support' }]);
    await seedUsers(app, generatedUsers(100_000, '2026-03-02T10:00:00Z'));
    process.stdout.write(
      `users: seeded 100,001 users in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
    );
    const { call } = await signInWindow(app, 'bench', 'bench-support');
    const timed = async (payload: object, into: number[]) => {
      const a = performance.now();
      const r = await call('users:list', payload);
      into.push(performance.now() - a);
      if (!r.ok) throw new Error(`users:list failed: ${r.message}`);
    };
    // Typing whole words letter by letter: usernames, display names, email parts and phones.
    const words = [
      'grace.olsen4517',
      'Emma Rossi',
      'jack.silva99',
      'corp.example',
      '+44207012345',
      'nguyen',
      'ines.tan',
      'zzz-nobody',
    ];
    for (const w of words.slice(0, 2))
      for (let i = 1; i <= w.length; i++) await timed({ search: w.slice(0, i) }, []);
    const typing: number[] = [];
    for (let round = 0; round < 3; round++)
      for (const w of words)
        for (let i = 1; i <= w.length; i++) await timed({ search: w.slice(0, i), pageSize: 20 }, typing);
    report('users:list search-as-you-type (IPC)', typing);
    const filters: number[] = [];
    const sorts = ['username', 'email', 'role', 'createdAt', 'lastLoginAt'] as const;
    for (let round = 0; round < 5; round++) {
      for (const status of ['active', 'locked', 'blocked'] as const)
        await timed({ status, pageSize: 20 }, filters);
      for (const twoFactor of ['on', 'off', 'totp', 'email', 'sms'] as const)
        await timed({ twoFactor, pageSize: 20 }, filters);
      for (const sort of sorts) await timed({ sort, direction: 'desc', page: 50, pageSize: 20 }, filters);
      await timed({ role: 'support', search: 'olsen', twoFactor: 'off', pageSize: 20 }, filters);
    }
    report('users:list filters, sorts, paging (IPC)', filters);
  } finally {
    await app.close();
    removeDir(app.dir);
  }
}
