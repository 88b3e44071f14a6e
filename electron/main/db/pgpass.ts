import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** What a pgpass line is matched against (libpq's fields; `*` in the file matches anything). */
export interface PgPassKey {
  host: string;
  port: number;
  database: string;
  user: string;
}

/** Splits one pgpass line on unescaped colons; `\:` and `\\` stand for `:` and `\`. */
function fields(line: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < line.length; i++) {
    const c = line.charAt(i);
    if (c === '\\' && i + 1 < line.length) current += line.charAt(++i);
    else if (c === ':') {
      out.push(current);
      current = '';
    } else current += c;
  }
  out.push(current);
  return out;
}

/** The pgpass file libpq would read: PGPASSFILE, else ~/.pgpass (null when there is none). */
export function pgPassFile(env: NodeJS.ProcessEnv = process.env): string | null {
  const file = env.PGPASSFILE ?? join(homedir(), '.pgpass');
  return existsSync(file) ? file : null;
}

/**
 * The password for `key` from a pgpass file (first matching line wins, as in libpq), or null.
 * Like libpq, a file others may read is not used; unlike libpq, that is an error, not a warning,
 * so the person sees why the password was not found.
 */
export function pgPassLookup(key: PgPassKey, env: NodeJS.ProcessEnv = process.env): string | null {
  const file = pgPassFile(env);
  if (!file) return null;
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0)
    throw new Error(
      `The password file ${file} can be read by other users, so it is not used. Run: chmod 600 ${file}`,
    );
  const want = [key.host, String(key.port), key.database, key.user];
  for (const raw of readFileSync(file, 'utf8').split(/\r?\n/)) {
    if (raw.trim() === '' || raw.startsWith('#')) continue;
    const f = fields(raw);
    if (f.length < 5) continue;
    if (want.every((w, i) => f[i] === '*' || f[i] === w)) return f.slice(4).join(':');
  }
  return null;
}
