import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { resolveDbPath } from '../../electron/main/app-paths';
import {
  backupVerified,
  refusalOf,
  restoreVerified,
  type VerifiedBackup,
} from '../../electron/main/services/audit/backup-verify';
import { createContainer } from '../../electron/main/container';
import { KeytarKeychain } from '../../electron/main/adapters/keytar.keychain';
import type { Keychain } from '../../electron/main/adapters/keychain.port';
import { CliError, EXIT, refuseOnPostgres } from '../io';

function report(what: string, file: string, { check: c, verdict: v }: VerifiedBackup): void {
  const signed =
    v.status !== 'intact'
      ? ''
      : v.checkpoints === 0
        ? ', no signed checkpoint yet'
        : `, ${v.checkpoints} signed checkpoints by ${v.signer.fingerprint ?? '?'}` +
          (v.trust === 'trusted' ? ' (this directory’s key)' : ' (signer not known on this computer)');
  console.log(
    `${what} ${file}: integrity ${c.integrity}, audit chain intact (${c.auditEvents} events${signed}).`,
  );
}

/** The OS keychain, or null when none is reachable (backup and restore work without it). */
async function keychainIfAny(): Promise<Keychain | null> {
  const keychain = new KeytarKeychain();
  try {
    await keychain.get('portcullis-probe');
    return keychain;
  } catch {
    return null;
  }
}

/** Signs a checkpoint over the newest event before the copy; says why when it cannot. */
async function checkpointFirst(dbPath: string, keychain: Keychain | null): Promise<void> {
  if (!keychain || !existsSync(dbPath)) {
    if (existsSync(dbPath)) console.error('note: no keychain, so no checkpoint was signed before the copy');
    return;
  }
  try {
    const c = await createContainer({ dbPath, keychain });
    try {
      await c.checkpoints.checkpoint('backup');
    } finally {
      await c.close();
    }
  } catch (e) {
    console.error(`note: no checkpoint was signed before the copy (${(e as Error).message})`);
  }
}

/** `backup --out FILE` and `restore --from FILE`: the keychain is used when there, never required. */
export function backupCommand(program: Command): void {
  program
    .command('backup')
    .description(
      'sign an audit checkpoint, copy the database with SQLite online backup (safe while the app runs), then verify the copy',
    )
    .requiredOption('--out <file>', 'backup file to create (must not exist)')
    .option('--db <path>', 'database file')
    .action(async (o: { out: string; db?: string }) => {
      const source = resolveDbPath(o.db);
      refuseOnPostgres(
        source,
        'backup',
        'back the database up with pg_dump (for example `pg_dump --format=custom --file=portcullis.dump "$URL"`, the password from PGPASSFILE), then check the copy with `portcullis audit verify --db` after pg_restore.',
      );
      const keychain = await keychainIfAny();
      await checkpointFirst(source, keychain);
      const made = await backupVerified(source, o.out, keychain).catch((e: unknown) => {
        throw new CliError((e as Error).message, EXIT.failed);
      });
      const why =
        made.check.integrity !== 'ok' || made.check.chainBrokenAt !== null
          ? `integrity ${made.check.integrity}, chain broken at event ${made.check.chainBrokenAt ?? '?'}`
          : refusalOf(made.verdict);
      if (why) throw new CliError(`The backup was written but does not verify: ${why}.`, EXIT.failed);
      report('Backed up to', o.out, made);
    });

  program
    .command('restore')
    .description('replace the database with a verified backup (quit the app first)')
    .requiredOption('--from <file>', 'backup file made by `backup`')
    .option('--force', 'replace an existing database')
    .option('--db <path>', 'database file to restore into')
    .action(async (o: { from: string; force?: boolean; db?: string }) => {
      const target = resolveDbPath(o.db);
      refuseOnPostgres(
        target,
        'restore',
        'restore a pg_dump copy with pg_restore into a fresh database, then run `portcullis audit verify --db URL` on it.',
      );
      const keychain = await keychainIfAny();
      const restored = await restoreVerified(o.from, target, o.force ?? false, keychain).catch(
        (e: unknown) => {
          throw new CliError((e as Error).message, EXIT.failed);
        },
      );
      report('Restored', target, restored);
    });
}
