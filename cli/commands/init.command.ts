import type { Command } from 'commander';
import * as s from '../../shared/ipc/schemas';
import { CLI_CLIENT } from '../../electron/main/services/context';
import { CliError, EXIT, parseArg, readStdin, withServices } from '../io';

/** `init`: creates the owner account on an empty database. */
export function initCommand(program: Command): void {
  program
    .command('init')
    .description('create the owner account on an empty database')
    .requiredOption('--owner <name>', 'owner username')
    .requiredOption('--email <email>', 'owner email address')
    .option('--display-name <name>', 'owner display name (defaults to the username)')
    .requiredOption('--password-stdin', 'read the owner password from standard input')
    .option(
      '--db <path>',
      'database file or postgres:// URL (default: PORTCULLIS_DB, else the app data folder)',
    )
    .action(async (o: { owner: string; email: string; displayName?: string; db?: string }) => {
      const username = parseArg(s.username, o.owner, '--owner');
      const email = parseArg(s.email, o.email, '--email');
      const displayName = parseArg(s.displayName, o.displayName ?? username, '--display-name');
      const password = parseArg(s.password, await readStdin(), 'password');
      await withServices(o.db, async ({ services }) => {
        if (!(await services.auth.needsSetup()))
          throw new CliError(
            'This database already has users; init only works on an empty one.',
            EXIT.failed,
          );
        const user = await services.auth.createOwnerAccount(
          { username, displayName, email, password },
          CLI_CLIENT,
        );
        console.log(`Owner ${user.username} <${user.email}> created.`);
      });
    });
}
