import { SHARED_PG_ENV } from './engine';
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
  process.stdout.write(
    `PostgreSQL test server on 127.0.0.1:${server.port} (started in ${Date.now() - started} ms)\n`,
  );
  return async () => {
    await server.stop();
  };
}
