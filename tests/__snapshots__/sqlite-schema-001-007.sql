-- index api_tokens_user on api_tokens
CREATE INDEX api_tokens_user ON api_tokens (user_id, created_at);

-- index audit_actor_at on audit_events
CREATE INDEX audit_actor_at ON audit_events (actor_id, at);

-- index audit_actor_id on audit_events
CREATE INDEX audit_actor_id ON audit_events (actor_id, id);

-- index audit_at on audit_events
CREATE INDEX audit_at ON audit_events (at);

-- index audit_code_at on audit_events
CREATE INDEX audit_code_at ON audit_events (code, at);

-- index audit_code_id on audit_events
CREATE INDEX audit_code_id ON audit_events (code, id);

-- index audit_ip_id on audit_events
CREATE INDEX audit_ip_id ON audit_events (ip, id);

-- index audit_subject_at on audit_events
CREATE INDEX audit_subject_at ON audit_events (subject_id, at);

-- index audit_subject_id on audit_events
CREATE INDEX audit_subject_id ON audit_events (subject_id, id);

-- index backup_codes_user on backup_codes
CREATE INDEX backup_codes_user ON backup_codes (user_id, used_at);

-- index credentials_user on credentials
CREATE INDEX credentials_user ON credentials (user_id, kind, id);

-- index one_time_codes_user on one_time_codes
CREATE INDEX one_time_codes_user ON one_time_codes (user_id, purpose, id);

-- index outbox_created on outbox
CREATE INDEX outbox_created ON outbox (created_at);

-- index outbox_due on outbox
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

-- index password_resets_user on password_resets
CREATE INDEX password_resets_user ON password_resets (user_id, created_at);

-- index sessions_active on sessions
CREATE INDEX sessions_active ON sessions (ended_at, expires_at);

-- index sessions_user on sessions
CREATE INDEX sessions_user ON sessions (user_id, ended_at);

-- index sqlite_autoindex_api_tokens_1 on api_tokens
(implicit);

-- index sqlite_autoindex_blocking_notices_1 on blocking_notices
(implicit);

-- index sqlite_autoindex_kysely_migration_1 on kysely_migration
(implicit);

-- index sqlite_autoindex_kysely_migration_lock_1 on kysely_migration_lock
(implicit);

-- index sqlite_autoindex_meta_1 on meta
(implicit);

-- index sqlite_autoindex_rate_limits_1 on rate_limits
(implicit);

-- index sqlite_autoindex_sessions_1 on sessions
(implicit);

-- index sqlite_autoindex_settings_1 on settings
(implicit);

-- index sqlite_autoindex_unknown_logins_1 on unknown_logins
(implicit);

-- index sqlite_autoindex_users_1 on users
(implicit);

-- index sqlite_autoindex_users_2 on users
(implicit);

-- index user_terms_user on user_terms
CREATE INDEX user_terms_user ON user_terms (user_id);

-- index users_blocking on users
CREATE INDEX users_blocking ON users (blocking_date) WHERE blocking_date IS NOT NULL;

-- index users_created on users
CREATE INDEX users_created ON users (created_at);

-- index users_display_name on users
CREATE INDEX users_display_name ON users (display_name COLLATE NOCASE);

-- index users_last_login on users
CREATE INDEX users_last_login ON users (last_login_at);

-- index users_locked on users
CREATE INDEX users_locked ON users (locked_until) WHERE locked_until IS NOT NULL;

-- index users_phone on users
CREATE INDEX users_phone ON users (phone COLLATE NOCASE);

-- index users_role on users
CREATE INDEX users_role ON users (role);

-- index users_role_username on users
CREATE INDEX users_role_username ON users (role, username);

-- index users_status_locked on users
CREATE INDEX users_status_locked ON users (status, locked_until);

-- index users_two_factor on users
CREATE INDEX users_two_factor ON users (two_factor_method);

-- table api_tokens on api_tokens
CREATE TABLE api_tokens (
        id INTEGER PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('owner','admin','support','auditor','member')),
        token_hash TEXT NOT NULL UNIQUE,
        hint TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        last_used_at TEXT,
        revoked_at TEXT,
        revoked_by INTEGER
      ) STRICT;

-- table audit_anchor on audit_anchor
CREATE TABLE audit_anchor (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        first_id INTEGER NOT NULL,
        prev_hash TEXT NOT NULL,
        applied_at TEXT NOT NULL
      ) STRICT;

-- table audit_events on audit_events
CREATE TABLE audit_events (
        id INTEGER PRIMARY KEY,
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
      ) STRICT;

-- table backup_codes on backup_codes
CREATE TABLE backup_codes (
        id INTEGER PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        code_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        used_at TEXT
      ) STRICT;

-- table blocking_notices on blocking_notices
CREATE TABLE blocking_notices (
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        day TEXT NOT NULL,
        sent_at TEXT NOT NULL,
        PRIMARY KEY (user_id, day)
      ) STRICT;

-- table credentials on credentials
CREATE TABLE credentials (
        id INTEGER PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        hash TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

-- table email_changes on email_changes
CREATE TABLE email_changes (
        user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        new_email TEXT NOT NULL,
        code_hash TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        expires_at TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

-- table linked_tokens on linked_tokens
CREATE TABLE linked_tokens (
        user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        region TEXT NOT NULL CHECK (region IN ('ru','eu')),
        token_sealed TEXT NOT NULL,
        expires_at TEXT,
        source TEXT NOT NULL CHECK (source IN ('login','manual')),
        updated_at TEXT NOT NULL
      ) STRICT;

-- table meta on meta
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

-- table one_time_codes on one_time_codes
CREATE TABLE one_time_codes (
        id INTEGER PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        purpose TEXT NOT NULL,
        code_hash TEXT NOT NULL,
        channel TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        used_at TEXT
      ) STRICT;

-- table outbox on outbox
CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
        channel TEXT NOT NULL CHECK (channel IN ('email','sms')),
        recipient TEXT NOT NULL,
        template TEXT NOT NULL,
        data TEXT NOT NULL DEFAULT '{}',
        subject TEXT NOT NULL DEFAULT '',
        body_text TEXT NOT NULL,
        body_html TEXT,
        secret TEXT,
        fallback_email TEXT,
        fallback_id INTEGER REFERENCES outbox (id),
        status TEXT NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending','sending','sent','failed','cancelled')),
        attempts INTEGER NOT NULL DEFAULT 0,
        max_attempts INTEGER NOT NULL,
        next_attempt_at TEXT NOT NULL,
        last_error TEXT,
        sent_at TEXT
      ) STRICT;

-- table password_resets on password_resets
CREATE TABLE password_resets (
        id INTEGER PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        code_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        used_at TEXT,
        attempts INTEGER NOT NULL DEFAULT 0
      ) STRICT;

-- table rate_limits on rate_limits
CREATE TABLE rate_limits (
      key TEXT PRIMARY KEY,
      window_start TEXT NOT NULL,
      count INTEGER NOT NULL
    ) STRICT;

-- table sessions on sessions
CREATE TABLE sessions (
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
      ) STRICT;

-- table settings on settings
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL) STRICT;

-- table two_factor on two_factor
CREATE TABLE two_factor (
        user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        method TEXT NOT NULL CHECK (method IN ('totp','email','sms')),
        totp_secret TEXT,
        phone TEXT,
        last_totp_step INTEGER,
        enabled_at TEXT NOT NULL
      ) STRICT;

-- table unknown_logins on unknown_logins
CREATE TABLE unknown_logins (
      key TEXT PRIMARY KEY,
      failed_attempts INTEGER NOT NULL,
      locked_until TEXT,
      updated_at TEXT NOT NULL
    ) STRICT;

-- table user_terms on user_terms
CREATE TABLE user_terms (
        term TEXT NOT NULL,
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        PRIMARY KEY (term, user_id)
      ) STRICT, WITHOUT ROWID;

-- table users on users
CREATE TABLE users (
        id INTEGER PRIMARY KEY,
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
      ) STRICT;

-- trigger audit_no_delete on audit_events
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_events
          BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;

-- trigger audit_no_update on audit_events
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_events
          BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;

-- trigger user_terms_insert on users
CREATE TRIGGER user_terms_insert AFTER INSERT ON users BEGIN
          INSERT OR IGNORE INTO user_terms (term, user_id) SELECT term, id FROM (SELECT CASE k WHEN 0 THEN a WHEN 1 THEN b WHEN 2 THEN c ELSE d END AS term, id FROM (SELECT a, b, c, CASE WHEN instr(c, ' ') > 0 THEN ltrim(substr(c, instr(c, ' ') + 1)) ELSE '' END AS d, id FROM (SELECT a, b, CASE WHEN instr(b, ' ') > 0 THEN ltrim(substr(b, instr(b, ' ') + 1)) ELSE '' END AS c, id FROM (SELECT a, CASE WHEN instr(a, ' ') > 0 THEN ltrim(substr(a, instr(a, ' ') + 1)) ELSE '' END AS b, id FROM (SELECT trim(lower(replace(replace(replace(replace(replace(coalesce(new.username, ''), '.', ' '), '@', ' '), '_', ' '), '-', ' '), '+', ' '))) AS a, new.id AS id UNION ALL SELECT trim(lower(replace(replace(replace(replace(replace(coalesce(new.display_name, ''), '.', ' '), '@', ' '), '_', ' '), '-', ' '), '+', ' '))) AS a, new.id AS id UNION ALL SELECT trim(lower(replace(replace(replace(replace(replace(coalesce(new.email, ''), '.', ' '), '@', ' '), '_', ' '), '-', ' '), '+', ' '))) AS a, new.id AS id UNION ALL SELECT trim(lower(replace(replace(replace(replace(replace(coalesce(new.phone, ''), '.', ' '), '@', ' '), '_', ' '), '-', ' '), '+', ' '))) AS a, new.id AS id)))),
    (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3)) WHERE term <> '';
        END;

-- trigger user_terms_update on users
CREATE TRIGGER user_terms_update AFTER UPDATE OF username, display_name, email, phone ON users BEGIN
          DELETE FROM user_terms WHERE user_id = old.id;
          INSERT OR IGNORE INTO user_terms (term, user_id) SELECT term, id FROM (SELECT CASE k WHEN 0 THEN a WHEN 1 THEN b WHEN 2 THEN c ELSE d END AS term, id FROM (SELECT a, b, c, CASE WHEN instr(c, ' ') > 0 THEN ltrim(substr(c, instr(c, ' ') + 1)) ELSE '' END AS d, id FROM (SELECT a, b, CASE WHEN instr(b, ' ') > 0 THEN ltrim(substr(b, instr(b, ' ') + 1)) ELSE '' END AS c, id FROM (SELECT a, CASE WHEN instr(a, ' ') > 0 THEN ltrim(substr(a, instr(a, ' ') + 1)) ELSE '' END AS b, id FROM (SELECT trim(lower(replace(replace(replace(replace(replace(coalesce(new.username, ''), '.', ' '), '@', ' '), '_', ' '), '-', ' '), '+', ' '))) AS a, new.id AS id UNION ALL SELECT trim(lower(replace(replace(replace(replace(replace(coalesce(new.display_name, ''), '.', ' '), '@', ' '), '_', ' '), '-', ' '), '+', ' '))) AS a, new.id AS id UNION ALL SELECT trim(lower(replace(replace(replace(replace(replace(coalesce(new.email, ''), '.', ' '), '@', ' '), '_', ' '), '-', ' '), '+', ' '))) AS a, new.id AS id UNION ALL SELECT trim(lower(replace(replace(replace(replace(replace(coalesce(new.phone, ''), '.', ' '), '@', ' '), '_', ' '), '-', ' '), '+', ' '))) AS a, new.id AS id)))),
    (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3)) WHERE term <> '';
        END;
