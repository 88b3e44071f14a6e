import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseTargetError, engineOf, parsePgTarget } from './pg-target';

const dir = mkdtempSync(join(tmpdir(), 'portcullis-pgtarget-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** An environment with no PG* variables and a pgpass file that does not exist. */
const bare = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  PGPASSFILE: join(dir, 'none'),
  ...extra,
});

function pgpass(lines: string, mode = 0o600): string {
  const file = join(dir, `pgpass-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, lines);
  chmodSync(file, mode);
  return file;
}

describe('choosing the engine from --db / PORTCULLIS_DB', () => {
  it('a path is SQLite; postgres:// and postgresql:// (any case) are PostgreSQL', () => {
    expect(engineOf('/var/lib/portcullis.db')).toBe('sqlite');
    expect(engineOf('./postgres.db')).toBe('sqlite');
    expect(engineOf('C:\\data\\portcullis.db')).toBe('sqlite');
    expect(engineOf('postgres://h/db')).toBe('postgres');
    expect(engineOf('PostgreSQL://h/db')).toBe('postgres');
  });

  it('any other URL is refused with the scheme named, never taken as a file name', () => {
    expect(() => engineOf('mysql://db/x')).toThrow(DatabaseTargetError);
    expect(() => engineOf('mysql://db/x')).toThrow('"mysql://" is not a database Portcullis can open');
    expect(() => engineOf('file:///tmp/x.db')).toThrow('"file://"');
  });
});

describe('a postgres:// URL', () => {
  it('gives host, port, database and user; the display never holds the password', () => {
    const t = parsePgTarget(
      'postgres://alice:s3cr%40t@db.example.org:6543/directory?sslmode=require',
      bare(),
    );
    expect(t.config).toMatchObject({
      host: 'db.example.org',
      port: 6543,
      database: 'directory',
      user: 'alice',
    });
    expect(t.config.password).toBe('s3cr@t');
    expect(t.display).toBe('postgres://alice@db.example.org:6543/directory');
    expect(t.display).not.toContain('s3cr');
  });

  it('TLS: verify-full by default off the machine, off on loopback; prefer/allow refused', () => {
    expect(parsePgTarget('postgres://a@db.example.org/d', bare()).config.ssl).toEqual({
      ca: undefined,
      rejectUnauthorized: true,
    });
    expect(parsePgTarget('postgres://a@127.0.0.1/d', bare()).config.ssl).toBe(false);
    expect(parsePgTarget('postgres://a@localhost/d?sslmode=require', bare()).config.ssl).toEqual({
      rejectUnauthorized: false,
    });
    expect(() => parsePgTarget('postgres://a@h/d?sslmode=prefer', bare())).toThrow(/unencrypted/);
    expect(() => parsePgTarget('postgres://a@h/d?sslmode=allow', bare())).toThrow(/not supported/);
  });

  it('sslrootcert is read as the CA; verify-ca skips only the host-name check', () => {
    const ca = join(dir, 'ca.pem');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const full = parsePgTarget(`postgres://a@h/d?sslmode=verify-full&sslrootcert=${ca}`, bare());
    expect(full.config.ssl).toEqual({
      ca: expect.stringContaining('BEGIN CERTIFICATE') as string,
      rejectUnauthorized: true,
    });
    const caOnly = parsePgTarget(`postgres://a@h/d?sslmode=verify-ca&sslrootcert=${ca}`, bare()).config
      .ssl as { checkServerIdentity?: unknown; rejectUnauthorized: boolean };
    expect(caOnly.rejectUnauthorized).toBe(true);
    expect(typeof caOnly.checkServerIdentity).toBe('function');
    expect(full.config.ssl).not.toHaveProperty('checkServerIdentity');
    expect(() =>
      parsePgTarget(`postgres://a@h/d?sslmode=verify-full&sslrootcert=${join(dir, 'missing.pem')}`, bare()),
    ).toThrow(/could not be read/);
  });

  it('an unknown option is refused by name (a typo must not silently drop TLS)', () => {
    expect(() => parsePgTarget('postgres://a@h/d?ssl_mode=verify-full', bare())).toThrow(
      'Unknown PostgreSQL URL option(s): ssl_mode',
    );
  });

  it('the password: URL, else PGPASSWORD, else the first matching pgpass line', () => {
    const file = pgpass(
      [
        '# comment',
        'other:5432:*:alice:wrong',
        'db.example.org:5432:directory:alice:from\\:file',
        '*:*:*:*:fallback',
      ].join('\n'),
    );
    expect(
      parsePgTarget('postgres://alice@db.example.org/directory', bare({ PGPASSFILE: file })).config.password,
    ).toBe('from:file');
    expect(parsePgTarget('postgres://bob@elsewhere/x', bare({ PGPASSFILE: file })).config.password).toBe(
      'fallback',
    );
    expect(
      parsePgTarget(
        'postgres://alice@db.example.org/directory',
        bare({ PGPASSFILE: file, PGPASSWORD: 'env' }),
      ).config.password,
    ).toBe('env');
    expect(
      parsePgTarget('postgres://alice@db.example.org/directory', bare()).config.password,
    ).toBeUndefined();
  });

  it('a pgpass file other users can read is refused with the chmod to run', () => {
    const file = pgpass('*:*:*:*:pw', 0o644);
    expect(() => parsePgTarget('postgres://a@h/d', bare({ PGPASSFILE: file }))).toThrow(`chmod 600 ${file}`);
  });

  it('an unreadable URL is refused without echoing it (it may hold a password)', () => {
    let message = '';
    try {
      parsePgTarget('postgres://al ice:hunter2@[bad/d', bare());
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('could not be read');
    expect(message).not.toContain('hunter2');
  });
});
