import {
  chmodSync,
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../../../shared/result';
import type { TrustedSigner } from '../../../../shared/domain/audit';
import { userDataDir } from '../../app-paths';
import { fingerprintOf, normaliseFingerprint } from './export-format';
import { keyHistoryValid, publicKeyFileSchema } from './key-rotation';

export type { TrustedSigner } from '../../../../shared/domain/audit';

/** The trusted signers file in a user-data folder (default: this OS user's). */
export function trustStorePath(dir: string = userDataDir()): string {
  return join(dir, 'trusted-signers.json');
}

/** Largest trusted-signers or key file read (both are small; a huge one is refused). */
const MAX_BYTES = 4 << 20;
const FINGERPRINT = /^[0-9a-f]{64}$/;
const organisationName = z
  .string()
  .trim()
  .min(1, 'an organisation name is needed')
  .max(200, 'the organisation name is longer than 200 characters')
  .refine((s) => !/\p{Cc}/u.test(s), 'the organisation name must be one line of text');
const signerSchema = z.strictObject({
  fingerprint: z.string().regex(FINGERPRINT),
  publicKey: z.string().max(400).nullable(),
  organisation: z.string().max(200),
  directoryId: z.string().max(100).nullable(),
  addedAt: z.string().max(40),
  revoked: z
    .array(z.strictObject({ fingerprint: z.string().regex(FINGERPRINT), at: z.string().max(40) }))
    .max(1000),
});
const fileSchema = z.strictObject({
  format: z.literal('portcullis-trusted-signers'),
  version: z.literal(1),
  signers: z.array(signerSchema).max(10_000),
});

/** Why a signer or key file was refused, as a rule code the renderer translates (mainError.<rule>). */
type TrustRule =
  'fingerprint_format' | 'organisation_required' | 'key_mismatch' | 'not_key_file' | 'key_history_invalid';

function invalid(message: string, rule: TrustRule): AppError {
  return new AppError('invalid_input', message, { rule });
}

/**
 * The signers this OS user trusts, as a JSON file (no database, no keychain): written atomically
 * (temporary file, fsync, rename) with mode 0600 in a 0700 folder. Every call re-reads the file,
 * so the app and the CLI see each other's changes.
 */
export class TrustStore {
  constructor(
    readonly file: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Every trusted signer (empty when the file does not exist yet). */
  list(): TrustedSigner[] {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new AppError(
        'internal',
        `The trusted signers file ${this.file} could not be read: ${(e as Error).message}`,
        { rule: 'trust_file_unreadable' },
      );
    }
    if (text.length > MAX_BYTES) throw this.damaged('it is too large');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw this.damaged('it is not valid JSON');
    }
    const r = fileSchema.safeParse(parsed);
    if (!r.success) throw this.damaged('its contents are not a trusted signers list');
    return r.data.signers;
  }

  /** The trusted entry for a fingerprint (any spelling), or null. */
  find(fingerprint: string): TrustedSigner | null {
    const fp = normaliseFingerprint(fingerprint);
    return this.list().find((s) => s.fingerprint === fp) ?? null;
  }

  /** Trusts a full fingerprint (replacing an entry for the same key, keeping its revocations). */
  add(e: {
    fingerprint: string;
    organisation: string;
    publicKey?: string | null;
    directoryId?: string | null;
  }): TrustedSigner {
    const fp = normaliseFingerprint(e.fingerprint);
    if (!FINGERPRINT.test(fp))
      throw invalid(
        'A fingerprint is 64 hexadecimal characters (groups, spaces and colons are ignored). Copy the whole fingerprint.',
        'fingerprint_format',
      );
    const name = organisationName.safeParse(e.organisation);
    if (!name.success)
      throw invalid(
        `Give the organisation this key belongs to: ${name.error.issues[0]?.message ?? ''}.`,
        'organisation_required',
      );
    const publicKey = e.publicKey ?? null;
    if (publicKey !== null && fingerprintOf(Buffer.from(publicKey, 'base64')) !== fp)
      throw invalid('The public key does not match the fingerprint.', 'key_mismatch');
    return this.upsert({
      fingerprint: fp,
      publicKey,
      organisation: name.data,
      directoryId: e.directoryId ?? null,
      addedAt: this.now().toISOString(),
      revoked: [],
    });
  }

  /**
   * Trusts the signer of a public signing key file (`portcullis-signer` version 1): the file is
   * validated, its fingerprint must be the SHA-256 of its key and the last key of its history,
   * and the history must verify; the revocations in it are kept with the entry.
   */
  addFromKeyFile(text: string): TrustedSigner {
    if (text.length > MAX_BYTES)
      throw invalid('the file is too large to be a public signing key file', 'not_key_file');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw invalid('the file is not JSON; choose the .json file the directory owner saved', 'not_key_file');
    }
    const r = publicKeyFileSchema.safeParse(parsed);
    if (!r.success) throw invalid('the file is not a Portcullis public signing key file', 'not_key_file');
    const k = r.data;
    if (fingerprintOf(Buffer.from(k.publicKey, 'base64')) !== k.fingerprint)
      throw invalid('the fingerprint in the file does not match its public key', 'key_mismatch');
    const last = k.history.at(-1);
    if (last?.fingerprint !== k.fingerprint || last.publicKey !== k.publicKey)
      throw invalid("the file's key is not the last key of its history", 'key_history_invalid');
    const valid = keyHistoryValid(k.history, k.directoryId);
    if (!valid.ok) throw invalid(valid.reason, 'key_history_invalid');
    const revoked = k.history.flatMap((h) =>
      h.revokedAt ? [{ fingerprint: h.fingerprint, at: h.revokedAt }] : [],
    );
    const name = organisationName.safeParse(k.organisation);
    return this.upsert({
      fingerprint: k.fingerprint,
      publicKey: k.publicKey,
      organisation: name.success ? name.data : 'Unnamed organisation',
      directoryId: k.directoryId,
      addedAt: this.now().toISOString(),
      revoked,
    });
  }

  /** Stops trusting a fingerprint; false when it was not trusted. */
  remove(fingerprint: string): boolean {
    const fp = normaliseFingerprint(fingerprint);
    const list = this.list();
    const kept = list.filter((s) => s.fingerprint !== fp);
    if (kept.length === list.length) return false;
    this.write(kept);
    return true;
  }

  private upsert(entry: TrustedSigner): TrustedSigner {
    const list = this.list();
    const old = list.find((s) => s.fingerprint === entry.fingerprint);
    const revoked = [...(old?.revoked ?? [])];
    for (const r of entry.revoked) if (!revoked.some((o) => o.fingerprint === r.fingerprint)) revoked.push(r);
    const merged: TrustedSigner = {
      ...entry,
      publicKey: entry.publicKey ?? old?.publicKey ?? null,
      directoryId: entry.directoryId ?? old?.directoryId ?? null,
      revoked,
    };
    this.write([...list.filter((s) => s.fingerprint !== entry.fingerprint), merged]);
    return merged;
  }

  private write(signers: TrustedSigner[]): void {
    const dir = dirname(this.file);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (process.platform !== 'win32') chmodSync(dir, 0o700);
    const tmp = `${this.file}.${randomBytes(6).toString('hex')}.tmp`;
    const body = `${JSON.stringify({ format: 'portcullis-trusted-signers', version: 1, signers }, null, 2)}\n`;
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, body);
      fsyncSync(fd);
      closeSync(fd);
      renameSync(tmp, this.file);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
  }

  private damaged(why: string): AppError {
    return new AppError(
      'internal',
      `The trusted signers file ${this.file} is damaged (${why}). Move it aside and add the trusted signers again.`,
      { rule: 'trust_file_damaged' },
    );
  }
}
