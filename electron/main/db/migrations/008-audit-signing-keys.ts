import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { engineOfDb } from '../engine-sql';

/**
 * Issue 18. `audit_signing_keys`: the directory's Ed25519 export-signing key history, oldest first
 * (`seq`). Each key after the first is endorsed by the key before it; a key may later be marked
 * revoked once; `previous` is unique, so the history cannot fork. The private halves live only in
 * the OS keychain. Append-only by trigger: no delete, and the only update sets `revoked_at` and
 * `revocation` on a row that had neither.
 */
export const auditSigningKeys: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('audit_signing_keys')
      .addColumn('fingerprint', 'text', (c) => c.primaryKey())
      .addColumn('seq', 'integer', (c) => c.notNull().unique())
      .addColumn('public_key', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('previous', 'text', (c) => c.unique().references('audit_signing_keys.fingerprint'))
      .addColumn('endorsement', 'text')
      .addColumn('revoked_at', 'text')
      .addColumn('revocation', 'text')
      .execute();
    if (engineOfDb(db) === 'postgres') {
      // Same rules as the SQLite triggers below, as one plpgsql function (TRUNCATE refused too).
      await sql`CREATE FUNCTION audit_signing_keys_guard() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP <> 'UPDATE' THEN RAISE EXCEPTION 'audit_signing_keys is append-only'; END IF;
          IF OLD.revoked_at IS NOT NULL OR OLD.revocation IS NOT NULL
            OR NEW.revoked_at IS NULL OR NEW.revocation IS NULL
            OR NEW.fingerprint IS DISTINCT FROM OLD.fingerprint OR NEW.seq IS DISTINCT FROM OLD.seq
            OR NEW.public_key IS DISTINCT FROM OLD.public_key OR NEW.created_at IS DISTINCT FROM OLD.created_at
            OR NEW.previous IS DISTINCT FROM OLD.previous OR NEW.endorsement IS DISTINCT FROM OLD.endorsement
          THEN RAISE EXCEPTION 'audit_signing_keys only allows marking a key revoked, once'; END IF;
          RETURN NEW;
        END $$`.execute(db);
      for (const [name, when] of [
        ['no_delete', 'BEFORE DELETE ON audit_signing_keys FOR EACH ROW'],
        ['revoke_once', 'BEFORE UPDATE ON audit_signing_keys FOR EACH ROW'],
        ['no_truncate', 'BEFORE TRUNCATE ON audit_signing_keys FOR EACH STATEMENT'],
      ])
        await sql
          .raw(
            `CREATE TRIGGER audit_signing_keys_${name} ${when} EXECUTE FUNCTION audit_signing_keys_guard()`,
          )
          .execute(db);
      return;
    }
    await sql`CREATE TRIGGER audit_signing_keys_no_delete BEFORE DELETE ON audit_signing_keys
      BEGIN SELECT RAISE(ABORT, 'audit_signing_keys is append-only'); END`.execute(db);
    await sql`CREATE TRIGGER audit_signing_keys_revoke_once BEFORE UPDATE ON audit_signing_keys
      WHEN OLD.revoked_at IS NOT NULL OR OLD.revocation IS NOT NULL
        OR NEW.revoked_at IS NULL OR NEW.revocation IS NULL
        OR NEW.fingerprint IS NOT OLD.fingerprint OR NEW.seq IS NOT OLD.seq
        OR NEW.public_key IS NOT OLD.public_key OR NEW.created_at IS NOT OLD.created_at
        OR NEW.previous IS NOT OLD.previous OR NEW.endorsement IS NOT OLD.endorsement
      BEGIN SELECT RAISE(ABORT, 'audit_signing_keys only allows marking a key revoked, once'); END`.execute(
      db,
    );
  },
};
