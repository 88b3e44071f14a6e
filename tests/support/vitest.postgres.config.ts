import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Issue 14: the PostgreSQL run (scripts/test-postgres.sh). One throwaway server for the run
 * (pg-global-setup.ts); with PORTCULLIS_TEST_ENGINE=postgres every database a test opens is a
 * fresh PostgreSQL database (pg-engine-setup.ts). `tests/*.pg-test.ts` need PostgreSQL and run
 * only here, never in the default SQLite run. Suites are named on the command line.
 */
export default defineConfig({
  root: resolve(__dirname, '../..'),
  test: {
    name: 'postgres',
    include: ['tests/*.pg-test.ts', 'tests/*.test.ts', 'electron/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['tests/support/pg-global-setup.ts'],
    setupFiles: ['tests/support/pg-engine-setup.ts'],
  },
});
