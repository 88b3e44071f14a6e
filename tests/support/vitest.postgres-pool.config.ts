import { defineConfig, mergeConfig } from 'vitest/config';
import postgres from './vitest.postgres.config';

/**
 * The PostgreSQL run with a pool of N connections per opened database (pg-pool-setup.ts;
 * PORTCULLIS_TEST_PG_POOL, default 8). Run as scripts/test-postgres.sh does, with this config:
 * PORTCULLIS_TEST_ENGINE=postgres bash scripts/with-keyring.sh vitest run --config tests/support/vitest.postgres-pool.config.ts FILES
 */
export default mergeConfig(
  postgres,
  defineConfig({ test: { name: 'postgres-pool', setupFiles: ['tests/support/pg-pool-setup.ts'] } }),
);
