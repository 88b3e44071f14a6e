import { setPostgresPoolSize } from '../../electron/main/db/pg-connection';

/**
 * Setup file of the pooled PostgreSQL run (vitest.postgres-pool.config.ts): every database a
 * test opens gets a pool of PORTCULLIS_TEST_PG_POOL connections (default 8) instead of one, as a
 * `serve --db-pool N` process has, so the suites show no transaction relied on taking turns.
 */
setPostgresPoolSize(Number(process.env.PORTCULLIS_TEST_PG_POOL ?? 8));
