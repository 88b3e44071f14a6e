import { homedir } from 'node:os';
import { join } from 'node:path';

/** The per-user data folder, the same one Electron's app.getPath('userData') gives for "Portcullis". */
export function defaultDataDir(platform: NodeJS.Platform = process.platform, env = process.env): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Portcullis');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Portcullis');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Portcullis');
}

/**
 * The per-user folder for things that belong to the OS user, not to a directory (the trusted
 * signers list): PORTCULLIS_USER_DATA when set (tests), else the app's user-data folder.
 */
export function userDataDir(env = process.env, platform: NodeJS.Platform = process.platform): string {
  const override = env.PORTCULLIS_USER_DATA;
  return override !== undefined && override !== '' ? override : defaultDataDir(platform, env);
}

/** A --db / PORTCULLIS_DB value that names no database this version can open. */
export class UnsupportedDatabaseError extends Error {}

/** True when a --db / PORTCULLIS_DB value names a PostgreSQL database (postgres:// or postgresql://). */
export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/**
 * Database location: explicit option, else PORTCULLIS_DB, else the data folder. A postgres:// or
 * postgresql:// URL is returned unchanged (PostgreSQL); any other URL is refused rather than taken
 * as a file name (`mysql://…` would otherwise create a folder named `mysql:`).
 */
export function resolveDbPath(explicit?: string, env = process.env, dataDir = defaultDataDir()): string {
  const chosen = explicit ?? env.PORTCULLIS_DB ?? join(dataDir, 'portcullis.db');
  if (isPostgresUrl(chosen)) return chosen;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(chosen)?.[1]?.toLowerCase();
  if (scheme)
    throw new UnsupportedDatabaseError(
      `"${scheme}://" is not a database Portcullis can open. Give a file path with --db (or PORTCULLIS_DB), for example --db ./portcullis.db, or a postgres:// URL.`,
    );
  return chosen;
}
