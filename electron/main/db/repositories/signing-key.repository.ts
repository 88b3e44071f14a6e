import type { Db } from '../connection';
import type { SigningKeyRecord } from '../../../../shared/domain/audit';
import type { AuditSigningKeysTable } from '../schema/signing-key.schema';

function toRecord(r: AuditSigningKeysTable): SigningKeyRecord {
  return {
    fingerprint: r.fingerprint,
    publicKey: r.public_key,
    createdAt: r.created_at,
    previous: r.previous,
    endorsement: r.endorsement,
    revokedAt: r.revoked_at,
    revocation: r.revocation,
  };
}

/** The directory's export-signing key history (append-only; a key can be marked revoked once). */
export class SigningKeyRepository {
  constructor(private readonly db: Db) {}

  /** Every key, oldest first. */
  async list(db: Db = this.db): Promise<SigningKeyRecord[]> {
    const rows = await db.selectFrom('audit_signing_keys').selectAll().orderBy('seq').execute();
    return rows.map(toRecord);
  }

  /** Appends a key after the last one. */
  async append(r: SigningKeyRecord, db: Db = this.db): Promise<void> {
    const last = await db
      .selectFrom('audit_signing_keys')
      .select((eb) => eb.fn.max<number | null>('seq').as('seq'))
      .executeTakeFirst();
    await db
      .insertInto('audit_signing_keys')
      .values({
        fingerprint: r.fingerprint,
        seq: (last?.seq ?? 0) + 1,
        public_key: r.publicKey,
        created_at: r.createdAt,
        previous: r.previous,
        endorsement: r.endorsement,
        revoked_at: null,
        revocation: null,
      })
      .execute();
  }

  /** Marks a key revoked; false when it is unknown or already revoked. */
  async markRevoked(fingerprint: string, at: string, revocation: string, db: Db = this.db): Promise<boolean> {
    const r = await db
      .updateTable('audit_signing_keys')
      .set({ revoked_at: at, revocation })
      .where('fingerprint', '=', fingerprint)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }
}
