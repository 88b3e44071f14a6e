import { sql, type Kysely } from 'kysely';
import { appendOnlyPostgres, engineSql, prepareEngine, runAll } from '../engine-sql';
import type { Migration } from 'kysely/migration';

/** Users, password credentials, sessions, the audit log and settings. */
export const initial: Migration = {
  async up(db: Kysely<unknown>) {
    const e = engineSql(db);
    await prepareEngine(db);
    const statements = [
      sql`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)${sql.raw(e.strict)}`,
      sql`INSERT INTO meta (key, value) VALUES ('instance_id', ${sql.raw(e.randomHex16)})`,
      sql`CREATE TABLE users (
        id ${sql.raw(e.autoId)},
        username TEXT NOT NULL COLLATE NOCASE UNIQUE,
        display_name TEXT NOT NULL,
        email TEXT NOT NULL COLLATE NOCASE UNIQUE,
        phone TEXT,
        role TEXT NOT NULL CHECK (role IN ('owner','admin','support','auditor','member')),
        can_change_password INTEGER NOT NULL DEFAULT 1,
        can_send_sms INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','blocked')),
        blocking_date TEXT,
        notify_blocking INTEGER NOT NULL DEFAULT 0,
        failed_attempts INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT,
        must_change_password INTEGER NOT NULL DEFAULT 0,
        two_factor_method TEXT CHECK (two_factor_method IN ('totp','email','sms')),
        last_login_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      )${sql.raw(e.strict)}`,
      sql`CREATE INDEX users_role ON users (role)`,
      sql`CREATE INDEX users_created ON users (created_at)`,
      sql`CREATE TABLE credentials (
        id ${sql.raw(e.autoId)},
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        hash TEXT NOT NULL,
        created_at TEXT NOT NULL
      )${sql.raw(e.strict)}`,
      sql`CREATE INDEX credentials_user ON credentials (user_id, kind, id)`,
      sql`CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        ended_at TEXT,
        end_reason TEXT,
        ip TEXT NOT NULL,
        user_agent TEXT NOT NULL,
        device_type TEXT NOT NULL,
        browser TEXT NOT NULL,
        os TEXT NOT NULL,
        location TEXT NOT NULL
      )${sql.raw(e.strict)}`,
      sql`CREATE INDEX sessions_user ON sessions (user_id, ended_at)`,
      sql`CREATE TABLE audit_events (
        id ${sql.raw(e.autoId)},
        at TEXT NOT NULL,
        code TEXT NOT NULL,
        message TEXT NOT NULL,
        actor_id INTEGER,
        actor_name TEXT,
        subject_id INTEGER,
        subject_name TEXT,
        ip TEXT,
        session_hash TEXT,
        location TEXT,
        device_type TEXT,
        browser TEXT,
        os TEXT,
        details TEXT NOT NULL DEFAULT '{}',
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      )${sql.raw(e.strict)}`,
      sql`CREATE INDEX audit_at ON audit_events (at)`,
      sql`CREATE INDEX audit_code_at ON audit_events (code, at)`,
      sql`CREATE INDEX audit_subject_at ON audit_events (subject_id, at)`,
      sql`CREATE INDEX audit_actor_at ON audit_events (actor_id, at)`,
      // Append-only at the storage level too: edits and deletes are refused by the database.
      ...(e.engine === 'postgres'
        ? appendOnlyPostgres('audit_events', 'audit', 'audit events are append-only')
        : [
            sql`CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_events
          BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END`,
            sql`CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_events
          BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END`,
          ]),
      sql`CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL)${sql.raw(e.strict)}`,
    ];
    await runAll(db, statements);
  },
};
