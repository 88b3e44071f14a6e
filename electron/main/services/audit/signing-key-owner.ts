import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { SigningKeyRecord } from '../../../../shared/domain/audit';
import type { SigningKeyView } from '../../../../shared/ipc/contracts/audit.contract';
import { AppError } from '../../../../shared/result';
import type { FileDialog } from '../../adapters/file-dialog.port';
import type { Actor, ClientInfo } from '../context';

/** What the owner's actions need from the directory's signing keys (services/audit/signing-key.ts). */
export interface OwnerKeyStore {
  /** The card's facts from the database alone (no keychain), or null before the first key. */
  describe(): Promise<SigningKeyView | null>;
  rotate(actor: Actor | null, client: ClientInfo | null): Promise<SigningKeyRecord>;
  revoke(fingerprint: string, actor: Actor | null, client: ClientInfo | null): Promise<SigningKeyRecord>;
  publicKeyFile(): Promise<{ fingerprint: string }>;
  setOrganisation(name: string, actor: Actor | null, client: ClientInfo | null): Promise<string>;
  recordPublicKeySaved(
    file: string,
    fingerprint: string,
    actor: Actor | null,
    client: ClientInfo | null,
  ): Promise<void>;
}

const STALE =
  'The signing key has changed since this page showed it (someone rotated or revoked it). Reload the card, check the fingerprint again and repeat.';

/** A file-name-safe piece of the organisation name ("Acme Ltd." -> "acme-ltd"), or ''. */
function slug(name: string): string {
  return name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
}

/**
 * The directory owner's side of the signing key (issue 18 items 1 and 3): the key card's view,
 * the organisation name, rotation, revocation and the public key file. Rotations and revocations
 * run one at a time and only against the key state the caller confirmed, so two windows cannot
 * rotate twice on one click each, and a stale window cannot act on a key that has moved on.
 */
export class SigningKeyOwner {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly keys: OwnerKeyStore,
    private readonly dialog: FileDialog,
  ) {}

  /** The card's view, or null before the directory's first key exists. */
  async view(): Promise<SigningKeyView | null> {
    const d = await this.keys.describe();
    if (!d) return null;
    const { directoryId, organisation, fingerprint, publicKey, history } = d;
    return { directoryId, organisation, fingerprint, publicKey, history };
  }

  /** Sets the organisation name (validated by the contract's `organisationName`). */
  async setOrganisation(name: string, actor: Actor, client: ClientInfo): Promise<{ organisation: string }> {
    return { organisation: await this.keys.setOrganisation(name, actor, client) };
  }

  /** Rotates, when `confirm` is still the current key. */
  rotate(confirm: string, actor: Actor, client: ClientInfo): Promise<SigningKeyView> {
    return this.serial(async () => {
      await this.requireCurrent(confirm);
      await this.keys.rotate(actor, client);
      return this.mustView();
    });
  }

  /** Marks `fingerprint` compromised, when `confirm` is still the current key. */
  revoke(fingerprint: string, confirm: string, actor: Actor, client: ClientInfo): Promise<SigningKeyView> {
    return this.serial(async () => {
      await this.requireCurrent(confirm);
      const entry = (await this.keys.describe())?.history.find((k) => k.fingerprint === fingerprint);
      if (!entry)
        throw new AppError(
          'not_found',
          'This directory has never had a key with that fingerprint. Check it and try again.',
          { rule: 'unknown_signing_key' },
        );
      if (entry.revokedAt)
        throw new AppError('conflict', `That key was already marked compromised at ${entry.revokedAt}.`, {
          rule: 'signing_key_already_revoked',
        });
      await this.keys.revoke(fingerprint, actor, client);
      return this.mustView();
    });
  }

  /** Asks where to save, then writes the public key file auditors import; null when cancelled. */
  async savePublicKeyFile(
    actor: Actor,
    client: ClientInfo,
  ): Promise<{ path: string; fingerprint: string } | null> {
    const signer = await this.keys.describe();
    const name = [
      'portcullis-signer',
      slug(signer?.organisation ?? ''),
      signer ? signer.fingerprint.slice(0, 8) : '',
    ]
      .filter(Boolean)
      .join('-');
    const out = await this.dialog.chooseSavePath({
      title: 'Public signing key for auditors',
      defaultName: `${name}.json`,
      extensions: ['json'],
    });
    if (!out) return null;
    // Creates the directory's first key when there is none yet (it would be made at the first export anyway).
    const file = await this.keys.publicKeyFile();
    // Public by nature: readable by others, like any file the owner hands out.
    await writeFile(out, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o644 });
    await this.keys.recordPublicKeySaved(basename(out), file.fingerprint, actor, client);
    return { path: out, fingerprint: file.fingerprint };
  }

  private async requireCurrent(confirm: string): Promise<void> {
    const current = await this.keys.describe();
    if (!current)
      throw new AppError(
        'conflict',
        'This directory has no signing key yet: it is made with the first signed export.',
        { rule: 'no_signing_key' },
      );
    if (current.fingerprint !== confirm)
      throw new AppError('conflict', STALE, { rule: 'signing_key_changed' });
  }

  private async mustView(): Promise<SigningKeyView> {
    const v = await this.view();
    if (!v) throw new Error('The signing key vanished after a rotation.');
    return v;
  }

  /** Runs `task` after every earlier one has settled (success or failure). */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
