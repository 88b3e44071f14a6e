import type { Command } from 'commander';
import { resolveDbPath } from '../../electron/main/app-paths';
import { backupDatabase, restoreDatabase, type BackupCheck } from '../../electron/main/db/backup';
import { CliError, EXIT } from '../io';

function report(what: string, file: string, c: BackupCheck): void {
  console.log(`${what} ${file}: integrity ${c.integrity}, audit chain intact (${c.auditEvents} events).`);
}

/** `backup --out FILE` and `restore --from FILE`: no keychain needed, only the file. */
export function backupCommand(program: Command): void {
  program
    .command('backup')
    .description(
      'copy the database with SQLite online backup (safe while the app runs), then verify the copy',
    )
    .requiredOption('--out <file>', 'backup file to create (must not exist)')
    .option('--db <path>', 'database file')
    .action(async (o: { out: string; db?: string }) => {
      const check = await backupDatabase(resolveDbPath(o.db), o.out).catch((e: unknown) => {
        throw new CliError((e as Error).message, EXIT.failed);
      });
      if (check.integrity !== 'ok' || check.chainBrokenAt !== null)
        throw new CliError(
          `The backup was written but does not verify: ${JSON.stringify(check)}`,
          EXIT.failed,
        );
      report('Backed up to', o.out, check);
    });

  program
    .command('restore')
    .description('replace the database with a verified backup (quit the app first)')
    .requiredOption('--from <file>', 'backup file made by `backup`')
    .option('--force', 'replace an existing database')
    .option('--db <path>', 'database file to restore into')
    .action(async (o: { from: string; force?: boolean; db?: string }) => {
      const target = resolveDbPath(o.db);
      const check = await restoreDatabase(o.from, target, o.force ?? false).catch((e: unknown) => {
        throw new CliError((e as Error).message, EXIT.failed);
      });
      report('Restored', target, check);
    });
}
