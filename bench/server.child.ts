/**
 * One team server of the server bench, in its own process as `portcullis serve` would be:
 * `node --import tsx server.child.ts DB_URL KEY_FILE`. Prints {"url"} once listening; SIGTERM
 * closes it (requests finish, the outbox worker stops), prints {"cpuMs"} (its CPU time) and exits.
 */
import { KeyFileKeychain } from '../electron/main/adapters/key-file.keychain';
import { MemoryLogger } from '../electron/main/adapters/logger';
import { startServer } from '../electron/main/server';
import { setPostgresPoolSize } from '../electron/main/db/pg-connection';

// BENCH_SERVER_POOL=N: N PostgreSQL connections per server process, as `serve --db-pool N`.
setPostgresPoolSize(Number(process.env.BENCH_SERVER_POOL ?? 1) || 1);

async function main(): Promise<void> {
  const [db, keyFile] = process.argv.slice(2);
  if (!db || !keyFile) throw new Error('usage: server.child.ts DB_URL KEY_FILE');
  const server = await startServer({
    db,
    listen: '127.0.0.1:0',
    keychain: new KeyFileKeychain(keyFile),
    logger: new MemoryLogger(),
    accessLog: new MemoryLogger(),
    // Every simulated operator comes from 127.0.0.1: the per-address limit would measure itself.
    limits: { perClient: { burst: 1_000_000, perSecond: 1_000_000 } },
  });
  process.once('SIGTERM', () => {
    void server.close().then(() => {
      const cpu = process.cpuUsage();
      process.stdout.write(`${JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000 })}\n`, () =>
        process.exit(0),
      );
    });
  });
  process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
