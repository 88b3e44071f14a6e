import type { Command } from 'commander';
import * as s from '../../shared/ipc/schemas';
import { parseArg, readStdin } from '../io';
import { withRunner } from '../remote/runner';
import { listAllUsers } from '../remote/users';

/** `user add` and `user list`. */
export function userCommand(program: Command): void {
  const user = program.command('user').description('manage users');

  user
    .command('add <name>')
    .description('create a user')
    .requiredOption('--email <email>', 'email address')
    .option('--role <role>', 'owner, admin, support, auditor or member', 'member')
    .option('--display-name <name>', 'display name (defaults to the username)')
    .option('--phone <phone>', 'phone number')
    .option('--no-change-password', 'the user may not change their own password')
    .option('--can-send-sms', 'the user may receive codes by SMS')
    .option(
      '--no-must-change-password',
      'keep this password (by default the user must replace it at first sign-in)',
    )
    .requiredOption('--password-stdin', 'read the initial password from standard input')
    .option('--db <path>', 'database file or postgres:// URL')
    .action(
      async (
        name: string,
        o: {
          email: string;
          role: string;
          displayName?: string;
          phone?: string;
          changePassword: boolean;
          canSendSms?: boolean;
          mustChangePassword: boolean;
          db?: string;
        },
      ) => {
        const username = parseArg(s.username, name, 'username');
        const input = {
          username,
          email: parseArg(s.email, o.email, '--email'),
          role: parseArg(s.role, o.role, '--role'),
          displayName: parseArg(s.displayName, o.displayName ?? username, '--display-name'),
          phone: o.phone ?? null,
          canChangePassword: o.changePassword,
          canSendSms: o.canSendSms ?? false,
          mustChangePassword: o.mustChangePassword,
        };
        const password = parseArg(s.password, await readStdin(), 'password');
        await withRunner(
          o.db,
          async (r) => {
            const created = await r.call('users:create', { ...input, password });
            console.log(`User ${created.username} (${created.role}) created.`);
          },
          { create: true },
        );
      },
    );

  user
    .command('list')
    .description('list users')
    .option('--json', 'print JSON (one array) instead of a table')
    .option('--search <text>', 'filter by username, name, email or phone')
    .option('--db <path>', 'database file or postgres:// URL')
    .action(async (o: { json?: boolean; search?: string; db?: string }) => {
      await withRunner(
        o.db,
        async (r) => {
          const items = await listAllUsers(r, o.search);
          if (o.json) {
            console.log(JSON.stringify(items, null, 2));
            return;
          }
          console.table(
            items.map((u) => ({
              username: u.username,
              email: u.email,
              role: u.role,
              status: u.status,
              '2fa': u.twoFactorMethod ?? 'off',
            })),
          );
        },
        { create: true },
      );
    });
}
