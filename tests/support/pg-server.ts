import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** The role test databases belong to: LOGIN with a password, not a superuser. */
export const APP_ROLE = 'portcullis_app';

/** A throwaway PostgreSQL server: loopback only, its data and socket in one temporary folder. */
export interface PgServer {
  port: number;
  /** The temporary folder (data directory, socket, log); removed by stop(). */
  dir: string;
  /** Runs SQL as the superuser over the server's unix socket (trust auth, folder mode 0700). */
  admin<T extends pg.QueryResultRow = pg.QueryResultRow>(text: string): Promise<T[]>;
  /**
   * A new database (empty, or a copy of `template`) owned by the server's one application role
   * (LOGIN, random password, not a superuser); its postgres:// URL with that password.
   */
  createDatabase(o?: { template?: string; name?: string }): Promise<string>;
  /** What serverHandle() needs to reach this server from another process. */
  shared: SharedPgServer;
  /** Lets go of this handle's connections; the server keeps running. */
  detach(): Promise<void>;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

/** A running server as another process sees it (passed through an environment variable). */
export interface SharedPgServer {
  bin: string;
  dir: string;
  port: number;
  appPassword: string;
}

/** The folder holding initdb/pg_ctl: PG_BIN, else the newest <root>/<version>/bin (Debian's layout). */
export function findPgBin(env: NodeJS.ProcessEnv = process.env, root = '/usr/lib/postgresql'): string {
  const explicit = env.PG_BIN;
  if (explicit && existsSync(join(explicit, 'pg_ctl'))) return explicit;
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (newest === undefined)
    throw new Error(
      `PostgreSQL server programs (initdb, pg_ctl) were not found in ${root}/<version>/bin. ` +
        'Install them with `sudo apt-get install postgresql` (or set PG_BIN to the folder holding pg_ctl).',
    );
  return join(root, newest, 'bin');
}

/** A TCP port nobody listens on right now (127.0.0.1). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

/** PostgreSQL refuses to run as root: as root the programs run as the `postgres` user. */
function asServerUser(bin: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

async function pgRun(bin: string, args: string[]): Promise<void> {
  const [file, argv] = asServerUser(bin, args);
  try {
    await run(file, argv, { timeout: 60_000 });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`${bin} failed: ${(err.stderr ?? '').trim() || err.message}`);
  }
}

/** As root: the uid/gid of the `postgres` user, who must own the data folder. */
function serverUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { stdio: 'pipe' }).toString());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error(
      'Running as root, the PostgreSQL server needs the `postgres` system user, which does not exist. ' +
        'Install the server with `sudo apt-get install postgresql` (it creates that user).',
    );
  }
}

/**
 * Starts a throwaway PostgreSQL: initdb into a new temporary folder, listening on 127.0.0.1 and a
 * free port only, its unix socket in that folder, fsync off (the data is thrown away anyway).
 */
export async function startPgServer(): Promise<PgServer> {
  const bin = findPgBin();
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-pg-'));
  const owner = serverUser();
  chmodSync(dir, 0o700);
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const data = join(dir, 'data');
  try {
    await pgRun(join(bin, 'initdb'), [
      '-D',
      data,
      '-U',
      'postgres',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
      '--auth-local=trust',
      '--auth-host=scram-sha-256',
    ]);
    const port = await freePort();
    const options = [
      `-p ${port}`,
      "-c listen_addresses='127.0.0.1'",
      `-c unix_socket_directories='${dir}'`,
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=300',
    ].join(' ');
    await pgRun(join(bin, 'pg_ctl'), [
      '-D',
      data,
      '-l',
      join(dir, 'server.log'),
      '-w',
      '-t',
      '60',
      '-o',
      options,
      'start',
    ]);
    const appPassword = randomBytes(18).toString('base64url');
    const server = serverHandle({ bin, dir, port, appPassword });
    try {
      await server.admin(`CREATE ROLE ${APP_ROLE} LOGIN PASSWORD '${appPassword}'`);
    } catch (e) {
      await server.stop();
      throw e;
    }
    return server;
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/** Connects to an already running server (a folder and port from startPgServer or pg-local.sh). */
export function serverHandle(shared: SharedPgServer): PgServer {
  const { bin, dir, port, appPassword } = shared;
  const pool = new pg.Pool({ host: dir, port, user: 'postgres', database: 'postgres', max: 2 });
  let n = 0;
  const admin = async <T extends pg.QueryResultRow>(text: string) => (await pool.query<T>(text)).rows;
  return {
    port,
    dir,
    admin,
    createDatabase: async (o = {}) => {
      const suffix = `${process.pid}_${++n}_${randomBytes(3).toString('hex')}`;
      const name = o.name ?? `portcullis_${suffix}`;
      const template = o.template ? ` TEMPLATE ${o.template} STRATEGY FILE_COPY` : ' TEMPLATE template0';
      await admin(`CREATE DATABASE ${name} OWNER ${APP_ROLE}${template}`);
      return `postgres://${APP_ROLE}:${appPassword}@127.0.0.1:${port}/${name}`;
    },
    shared,
    detach: () => pool.end(),
    stop: async () => {
      await pool.end();
      try {
        await pgRun(join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
