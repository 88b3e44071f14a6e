import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { KeyFileError, KeyFileKeychain } from '../../electron/main/adapters/key-file.keychain';
import { KeytarKeychain } from '../../electron/main/adapters/keytar.keychain';
import { KeychainUnavailableError } from '../../electron/main/adapters/keychain.port';
import { resolveDbPath } from '../../electron/main/app-paths';
import { setPostgresPoolSize } from '../../electron/main/db/pg-connection';
import { DataKeyMismatchError } from '../../electron/main/security/data-key';
import { ServerOptionsError, startServer, type ServerOptions } from '../../electron/main/server';
import { parseDbPool } from '../../electron/main/server/options';
import { CliError, EXIT } from '../io';

interface ServeFlags {
  db?: string;
  listen: string;
  tlsCert?: string;
  tlsKey?: string;
  keyFile?: string;
  dbPool?: string;
}

function readPem(path: string, flag: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new CliError(`${flag} ${path} cannot be read: ${(e as Error).message}`, EXIT.environment);
  }
}

/** The TLS pair, both or neither. */
function tlsOf(o: ServeFlags): ServerOptions['tls'] {
  if (o.tlsCert === undefined && o.tlsKey === undefined) return undefined;
  if (o.tlsCert === undefined || o.tlsKey === undefined)
    throw new CliError('Give both --tls-cert FILE and --tls-key FILE (PEM), or neither.', EXIT.usage);
  return { cert: readPem(o.tlsCert, '--tls-cert'), key: readPem(o.tlsKey, '--tls-key') };
}

/** Resolves on SIGTERM or SIGINT (systemd stop, Ctrl+C). */
function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', on);
      process.off('SIGINT', on);
      resolve(signal);
    };
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  });
}

/** `portcullis serve`: the team server (docs/team-server.md). Runs until SIGTERM or SIGINT. */
export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description(
      'run a team server: the directory over HTTPS for desktops and scripts (stops cleanly on SIGTERM/Ctrl+C)',
    )
    .option(
      '--db <url>',
      'postgres://… URL (default: PORTCULLIS_DB); a SQLite file only with a loopback --listen',
    )
    .option('--listen <host:port>', 'address and port to listen on', '127.0.0.1:8443')
    .option('--tls-cert <file>', 'PEM certificate chain (required unless --listen is loopback)')
    .option('--tls-key <file>', 'PEM private key of the certificate')
    .option(
      '--key-file <file>',
      "keep the directory's keys in this file (mode 600, the service user's) instead of the OS keychain",
    )
    .option(
      '--db-pool <n>',
      'PostgreSQL connections this server keeps open, 1 to 50 (default 1; see docs/team-server.md)',
    )
    .action(async (o: ServeFlags) => {
      const db = resolveDbPath(o.db);
      let dbPool: number;
      try {
        dbPool = parseDbPool(o.dbPool, db);
      } catch (e) {
        if (e instanceof ServerOptionsError) throw new CliError(e.message, EXIT.usage);
        throw e;
      }
      const tls = tlsOf(o);
      let keychain: KeyFileKeychain | KeytarKeychain = new KeytarKeychain();
      if (o.keyFile !== undefined) {
        keychain = new KeyFileKeychain(o.keyFile);
        try {
          await keychain.check();
        } catch (e) {
          if (e instanceof KeyFileError) throw new CliError(e.message, EXIT.environment);
          throw e;
        }
      }
      let server;
      try {
        // The server's connections (its outbox worker's too); LISTEN/NOTIFY keeps one more of its own.
        setPostgresPoolSize(dbPool);
        server = await startServer({
          db,
          listen: o.listen,
          ...(tls ? { tls } : {}),
          keychain,
        });
      } catch (e) {
        if (e instanceof ServerOptionsError) throw new CliError(e.message, EXIT.usage);
        if (
          e instanceof KeychainUnavailableError ||
          e instanceof DataKeyMismatchError ||
          e instanceof KeyFileError
        )
          throw new CliError(e.message, EXIT.environment);
        throw e;
      }
      console.log(
        `Portcullis team server on ${server.url} (database ${server.container.database.location}, ${String(dbPool)} connection${dbPool === 1 ? '' : 's'})`,
      );
      const signal = await stopSignal();
      console.log(`${signal}: finishing requests in flight, then stopping.`);
      await server.close();
      console.log('Stopped.');
    });
}
