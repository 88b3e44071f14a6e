import type { ExportVerdict } from '../shared/domain/audit';
import { isPostgresUrl, resolveDbPath } from '../electron/main/app-paths';
import { AppError } from '../shared/result';
import { verifyExportFile } from '../electron/main/services/audit/verify';
import {
  dbVerdictExitCode,
  verifyDatabase,
  type DbTrustVia,
  type DbVerdict,
} from '../electron/main/services/audit/verify-db';
import { KeytarKeychain } from '../electron/main/adapters/keytar.keychain';
import { KeychainUnavailableError, type Keychain } from '../electron/main/adapters/keychain.port';
import { TrustStore, trustStorePath } from '../electron/main/services/audit/trust-store';
import { ExportFileError } from '../electron/main/services/audit/open-export';
import { existingFile } from './audit-args';
import { CliError, EXIT } from './io';
import { groupFingerprint, printable } from './verdict';

/** The auditor's trusted signers (user-data folder; PORTCULLIS_USER_DATA overrides it). Reading creates nothing. */
export function trustStore(): TrustStore {
  return new TrustStore(trustStorePath());
}

type EventSink = (line: Buffer, lineNo: number) => void;

/** Verifies an export file against `--key` or the trusted list; the file must be a regular file. */
export async function verifyFile(
  file: string,
  key: string | undefined,
  onEvent?: EventSink,
): Promise<ExportVerdict> {
  existingFile(file, 'FILE');
  try {
    return await verifyExportFile(file, {
      key,
      trust: key === undefined ? trustStore() : undefined,
      onEvent,
    });
  } catch (e) {
    if (e instanceof ExportFileError) throw new CliError(`FILE: ${e.message}`, EXIT.usage);
    // The trusted signers file could not be read: something this machine lacks, not the export's fault.
    if (e instanceof AppError) throw new CliError(e.message, EXIT.environment);
    throw e;
  }
}

const VIA: Record<NonNullable<DbTrustVia>, string> = {
  keychain: "this machine's keychain holds the directory's signing key",
  key: 'the key you asked for (--key)',
  trusted: 'a signer in your trusted list',
  successor: 'a successor of a key in your trusted list (through the key history)',
};

/** The OS keychain when it answers (for the rollback check), else null with a note on stderr. */
async function reachableKeychain(): Promise<Keychain | null> {
  const keychain = new KeytarKeychain();
  try {
    await keychain.get('audit-head:probe');
    return keychain;
  } catch (e) {
    if (!(e instanceof KeychainUnavailableError)) throw e;
    console.error(
      'note: the keychain is not reachable, so a rollback (newest events and their checkpoints cut together) cannot be checked here.',
    );
    return null;
  }
}

/** `audit verify --db`: the live chain, signed checkpoints and retention records of a database (file or postgres:// URL), read-only. */
export async function verifyDb(path: string, key: string | undefined): Promise<void> {
  const file = resolveDbPath(path);
  if (!isPostgresUrl(file)) existingFile(file, '--db');
  const keychain = await reachableKeychain();
  let v: DbVerdict;
  try {
    v = await verifyDatabase(file, { keychain, key, trust: key === undefined ? trustStore() : undefined });
  } catch (e) {
    if (e instanceof AppError) throw new CliError(e.message, EXIT.environment);
    if (e instanceof Error && /file is not a database|SQLITE_NOTADB/i.test(e.message))
      throw new CliError(`--db: ${file} is not a Portcullis database (${e.message}).`, EXIT.usage);
    throw e;
  }
  const code = dbVerdictExitCode(v);
  if (v.status === 'altered') {
    const where = v.eventId === null ? 'altered' : `altered: audit event id ${v.eventId}`;
    throw new CliError(`${where}: ${printable(v.reason, 500)}`, code, false);
  }
  if (v.status === 'refused') {
    if (v.fingerprint) console.log(`signer fingerprint: ${groupFingerprint(v.fingerprint)}`);
    throw new CliError(`refused: ${printable(v.reason, 500)}`, code, false);
  }
  const fp = v.signer.fingerprint;
  console.log(
    `intact: ${v.events} events, ${v.checkpoints} signed checkpoints` +
      (v.uncheckpointed ? ` (${v.uncheckpointed} newest events not yet under a checkpoint)` : ''),
  );
  console.log(`  directory:    ${printable(v.directoryId, 100)}`);
  if (fp) console.log(`  fingerprint:  ${groupFingerprint(fp)}`);
  console.log(`  rollback check against the keychain: ${v.headChecked ? 'done' : 'not done'}`);
  if (code === EXIT.ok) {
    console.log(`  trusted via:  ${VIA[v.signer.via ?? 'keychain']}`);
    return;
  }
  if (v.checkpoints === 0 && fp === null) {
    // Nothing in the file is signed yet, so nothing can vouch for it.
    console.log('No signed checkpoint yet: the app signs one every 1000 events and when it closes');
    console.log('(or run `portcullis backup`); until then only the hash chain was checked.');
  } else {
    console.log('The checkpoints are signed by a key you do not trust yet. Check its fingerprint with the');
    console.log('directory owner, then trust it with:');
    console.log(`  portcullis audit trust add ${fp ?? 'FINGERPRINT'} --organisation NAME`);
  }
  throw new CliError('', code);
}
