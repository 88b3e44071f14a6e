import { describe, expect, it } from 'vitest';
import { KeyedMutex } from './keyed-mutex';

describe('KeyedMutex', () => {
  it('runs calls with one key one at a time, in arrival order, and lets other keys pass', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const step = (name: string, ticks: number) => async () => {
      log.push(`${name} start`);
      for (let i = 0; i < ticks; i++) await Promise.resolve();
      log.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([
      mutex.run('a', step('a1', 5)),
      mutex.run('a', step('a2', 1)),
      mutex.run('b', step('b1', 1)),
    ]);
    expect(results).toEqual(['a1', 'a2', 'b1']);
    // a2 waited for a1 although it is quicker; b1 did not wait for either.
    expect(log.indexOf('a2 start')).toBeGreaterThan(log.indexOf('a1 end'));
    expect(log.indexOf('b1 end')).toBeLessThan(log.indexOf('a1 end'));
    expect(mutex.size).toBe(0);
  });

  it('a failed call does not block or fail the ones queued behind it', async () => {
    const mutex = new KeyedMutex();
    const failed = mutex.run('k', () => Promise.reject(new Error('boom')));
    const next = mutex.run('k', () => Promise.resolve('next'));
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
    expect(mutex.size).toBe(0);
  });
});
