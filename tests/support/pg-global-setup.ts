import { SHARED_PG_ENV, TEMPLATE_ENV } from './engine';
import { startPgServer } from './pg-server';

/**
 * Vitest global setup for the PostgreSQL run: one throwaway server for every test process
 * (handed over in PORTCULLIS_TEST_PG), stopped and removed when the run ends. A server given by
 * the caller (the variable already set) is used as is and left running.
 */
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env[SHARED_PG_ENV]) return undefined;
  const started = Date.now();
  const server = await startPgServer();
  process.env[SHARED_PG_ENV] = JSON.stringify(server.shared);
  // One migrated database for the whole run to copy (each test process would migrate its own).
  const { openDatabase } = await import('../../electron/main/db/connection');
  const template = 'portcullis_template_run';
  await (await openDatabase(await server.createDatabase({ name: template }))).close();
  process.env[TEMPLATE_ENV] = template;
  process.stdout.write(
    `PostgreSQL test server on 127.0.0.1:${server.port}, migrated template ready (${Date.now() - started} ms)\n`,
  );
  return async () => {
    await server.stop();
  };
}
