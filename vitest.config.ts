import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['electron/**/*.test.ts', 'shared/**/*.test.ts', 'cli/**/*.test.ts', 'tests/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Native modules (better-sqlite3, argon2, keytar) are happiest in forked processes.
    pool: 'forks',
    reporters: ['default'],
  },
});
