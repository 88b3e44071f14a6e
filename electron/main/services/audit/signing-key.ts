import { basename } from 'node:path';
import { generateKeyPairSync, sign } from 'node:crypto';
import type { Db } from '../../db/connection';
import type { Keychain } from '../../adapters/keychain.port';
import type { Clock } from '../../adapters/clock';
import type { SigningKeyRepository } from '../../db/repositories/signing-key.repository';
import { saveSetting, settingOn } from '../../db/repositories/settings.repository';
import type { SigningKeyRecord } from '../../../../shared/domain/audit';
import { AppError } from '../../../../shared/result';
import type { AuditService } from './audit.service';
import type { Actor, ClientInfo } from '../context';
import { fingerprintOf, normaliseFingerprint } from './export-format';
import { revocationStatement, rotationStatement, type PublicKeyFile } from './key-rotation';
import { publicDer, SigningKeyVault } from './signing-key-vault';

/** Details of every failure to create, load or store the key: the renderer's sentence for them. */
const FAILED = { rule: 'signing_key_failed' };

export { keyHistoryValid, verifyWithKey, type PublicKeyFile } from './key-rotation';

/** Setting key of the organisation name shown to auditors ('' = unnamed). */
export const ORGANISATION_SETTING = 'directory.organisation';

/** The directory's current signing key, ready to sign; its private half stays in the keychain. */
export interface DirectorySigner {
  directoryId: string;
  organisation: string;
  fingerprint: string;
  publicKey: string;
  /** The directory's key history at load time, oldest first (the export header carries it). */
  history: SigningKeyRecord[];
  sign(text: string): string;
}

/** What the owner's key card shows. */
export interface SigningKeyDescription {
  directoryId: string;
  organisation: string;
  fingerprint: string;
  publicKey: string;
  history: SigningKeyRecord[];
}

/**
 * The per-directory Ed25519 export-signing key and its history (docs: issue 18 item 1 and 3).
 * The private key lives in the keychain under `audit-signing-key:<directoryId>` (SigningKeyVault).
 */
export class SigningKeys {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly vault: SigningKeyVault;

  constructor(
    private readonly db: Db,
    private readonly repo: SigningKeyRepository,
    keychain: Keychain,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    /** The database's instance id (repos.meta.instanceId()). */
    readonly directoryId: string,
  ) {
    this.vault = new SigningKeyVault(keychain, directoryId);
  }

  /** Runs one key operation at a time in this process. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The organisation name ('' until the owner sets one). */
  async organisation(): Promise<string> {
    const v = await settingOn(this.db, ORGANISATION_SETTING);
    return typeof v === 'string' ? v : '';
  }

  /** The current signer, creating the directory's first key on first use. */
  current(): Promise<DirectorySigner> {
    return this.exclusive(async () => (await this.load()) ?? this.createFirst());
  }

  /** The current signer, or null before the directory's first key. */
  currentIfAny(): Promise<DirectorySigner | null> {
    return this.exclusive(() => this.load());
  }

  /** The key history, oldest first. */
  history(): Promise<SigningKeyRecord[]> {
    return this.repo.list();
  }

  /** Public facts for the owner's key card (no keychain needed), or null before the first key. */
  async describe(): Promise<SigningKeyDescription | null> {
    const history = await this.repo.list();
    const last = history.at(-1);
    if (!last) return null;
    const organisation = await this.organisation();
    return {
      directoryId: this.directoryId,
      organisation,
      fingerprint: last.fingerprint,
      publicKey: last.publicKey,
      history,
    };
  }

  /** The file the owner hands to auditors (creates the first key if there is none yet). */
  async publicKeyFile(): Promise<PublicKeyFile> {
    if ((await this.repo.list()).length === 0) await this.current();
    const d = await this.describe();
    if (!d) throw new AppError('internal', 'The signing key could not be created.', FAILED);
    return { format: 'portcullis-signer', version: 1, ...d };
  }

  /**
   * Sets the organisation name auditors see in exports (`settings:changed`, section 'directory',
   * with before and after); an unchanged name writes nothing. Returns the stored name.
   */
  async setOrganisation(name: string, actor: Actor | null, client: ClientInfo | null): Promise<string> {
    const organisation = name.trim();
    if (organisation.length > 200 || /\p{Cc}/u.test(organisation))
      throw new AppError(
        'invalid_input',
        'The organisation name must be at most 200 characters, on one line.',
        { rule: 'organisation_name', max: 200 },
      );
    const before = await this.organisation();
    if (before === organisation) return organisation;
    const now = this.clock.now();
    const location = await this.audit.locate(client);
    await this.db.transaction().execute(async (trx) => {
      await saveSetting(trx, ORGANISATION_SETTING, organisation, now.toISOString());
      await this.record(trx, 'settings:changed', actor, client, location, {
        section: 'directory',
        before: { organisation: before },
        after: { organisation },
      });
    });
    return organisation;
  }

  /** Records that the public key file was handed out (`file` is a base name, never a folder). */
  async recordPublicKeySaved(
    file: string,
    fingerprint: string,
    actor: Actor | null,
    client: ClientInfo | null,
  ): Promise<void> {
    const location = await this.audit.locate(client);
    await this.db.transaction().execute((trx) =>
      this.record(trx, 'audit:signing_key_saved', actor, client, location, {
        fingerprint,
        file: basename(file),
      }),
    );
  }

  /** Replaces the current key with a new one endorsed by it; recorded as `audit:signing_key_rotated`. */
  rotate(actor: Actor | null, client: ClientInfo | null): Promise<SigningKeyRecord> {
    return this.exclusive(() => this.rotateLocked(actor, client));
  }

  /**
   * Marks a key revoked (compromised): files it signed after now are refused. The statement is
   * signed by the current key; revoking the current key rotates first.
   */
  revoke(fingerprint: string, actor: Actor | null, client: ClientInfo | null): Promise<SigningKeyRecord> {
    return this.exclusive(async () => {
      const fp = normaliseFingerprint(fingerprint);
      const history = await this.repo.list();
      const target = history.find((k) => k.fingerprint === fp);
      if (!target)
        throw new AppError('not_found', `No key with fingerprint ${fp} is in this directory's key history.`, {
          rule: 'unknown_signing_key',
        });
      if (target.revokedAt !== null)
        throw new AppError('conflict', `The key ${fp} is already revoked.`, {
          rule: 'signing_key_already_revoked',
        });
      if (history.at(-1)?.fingerprint === fp) await this.rotateLocked(actor, client);
      const signer = await this.load();
      if (!signer) throw new AppError('internal', 'The signing key could not be loaded.', FAILED);
      const revokedAt = this.clock.now().toISOString();
      const revocation = signer.sign(revocationStatement(this.directoryId, fp, revokedAt));
      const location = await this.audit.locate(client);
      await this.db.transaction().execute(async (trx) => {
        if (!(await this.repo.markRevoked(fp, revokedAt, revocation, trx)))
          throw new AppError('conflict', `The key ${fp} is already revoked.`, {
            rule: 'signing_key_already_revoked',
          });
        await this.record(trx, 'audit:signing_key_revoked', actor, client, location, {
          fingerprint: fp,
          revokedAt,
        });
      });
      return { ...target, revokedAt, revocation };
    });
  }

  private async rotateLocked(actor: Actor | null, client: ClientInfo | null): Promise<SigningKeyRecord> {
    const old = (await this.load()) ?? (await this.createFirst());
    const { privateKey } = generateKeyPairSync('ed25519');
    const der = publicDer(privateKey);
    const fingerprint = fingerprintOf(der);
    const createdAt = this.clock.now().toISOString();
    const record: SigningKeyRecord = {
      fingerprint,
      publicKey: der.toString('base64'),
      createdAt,
      previous: old.fingerprint,
      endorsement: old.sign(rotationStatement(this.directoryId, old.fingerprint, fingerprint, createdAt)),
      revokedAt: null,
      revocation: null,
    };
    const location = await this.audit.locate(client);
    const installed = await this.vault.install(privateKey, this.db, async (trx) => {
      // Another process may have rotated since `old` was read: endorse only the key still current.
      if ((await this.repo.list(trx)).at(-1)?.fingerprint !== old.fingerprint) return false;
      await this.repo.append(record, trx);
      await this.record(trx, 'audit:signing_key_rotated', actor, client, location, {
        previous: old.fingerprint,
        fingerprint,
      });
      return true;
    });
    if (!installed)
      throw new AppError(
        'conflict',
        'The signing key was changed meanwhile (by another window or a command line). Check the current key and try again.',
        { rule: 'signing_key_changed' },
      );
    return record;
  }

  private async createFirst(): Promise<DirectorySigner> {
    const { privateKey } = generateKeyPairSync('ed25519');
    const der = publicDer(privateKey);
    const record: SigningKeyRecord = {
      fingerprint: fingerprintOf(der),
      publicKey: der.toString('base64'),
      createdAt: this.clock.now().toISOString(),
      previous: null,
      endorsement: null,
      revokedAt: null,
      revocation: null,
    };
    const installed = await this.vault.install(privateKey, this.db, async (trx) => {
      if ((await this.repo.list(trx)).length > 0) return false;
      await this.repo.append(record, trx);
      return true;
    });
    const signer = await this.load();
    if (!signer || (installed && signer.fingerprint !== record.fingerprint))
      throw new AppError('internal', 'The new signing key could not be stored.', FAILED);
    return signer;
  }

  private async load(): Promise<DirectorySigner | null> {
    const history = await this.repo.list();
    const last = history.at(-1);
    if (!last) return null;
    const privateKey = await this.vault.privateKeyFor(last.fingerprint);
    return {
      directoryId: this.directoryId,
      organisation: await this.organisation(),
      fingerprint: last.fingerprint,
      publicKey: last.publicKey,
      history,
      sign: (text) => sign(null, Buffer.from(text), privateKey).toString('base64'),
    };
  }

  private async record(
    trx: Db,
    code:
      | 'audit:signing_key_rotated'
      | 'audit:signing_key_revoked'
      | 'audit:signing_key_saved'
      | 'settings:changed',
    actor: Actor | null,
    client: ClientInfo | null,
    location: string | null,
    details: Record<string, unknown>,
  ): Promise<void> {
    const who = actor ? { id: actor.id, username: actor.username } : null;
    await this.audit.record(
      trx,
      { code, at: this.clock.now(), actor: who, client, sessionId: actor?.sessionId ?? null, details },
      location,
    );
  }
}
