import type { Command } from 'commander';
import { z } from 'zod';
import * as s from '../../shared/ipc/schemas';
import { tokensContract } from '../../shared/ipc/contracts/tokens.contract';
import { roleAtMost, type Role } from '../../shared/domain/roles';
import { CLI_CLIENT } from '../../electron/main/services/context';
import { AppError } from '../../shared/result';
import { CliError, EXIT, parseArg } from '../io';
import { cliActor, userNamed, withDirectory } from '../operator';
import { resultError, selectedRemote, RemoteRunner } from '../remote/runner';
import type { CreatedApiToken } from '../../shared/ipc/contracts/tokens.contract';

/** The same rules as the app's tokens:create channel. */
const shape = tokensContract['tokens:create'].input.shape;
const monthsArg = z
  .string()
  .regex(/^\d{1,3}$/, 'give a whole number of months, 1 to 12')
  .transform(Number)
  .pipe(shape.months);

interface CreateOptions {
  user?: string;
  name: string;
  role: string;
  months: string;
  db?: string;
}

/** Tells the person (on stderr: stdout holds the secret alone) what was created and that it is shown once. */
function announce(c: CreatedApiToken): void {
  const t = c.token;
  console.error(
    `Token ${t.id} "${t.name}" for ${t.username} (role ${t.role}) created; it expires ${t.expiresAt}. ` +
      'This is the only time the secret is shown: store it now (e.g. in a secret manager).',
  );
}

/** On the local database: any user's token, as the machine's operator (audited as cli:<OS user>). */
async function createLocal(
  db: string | undefined,
  username: string,
  input: { name: string; months: number; role: Role },
) {
  await withDirectory(db, async (c) => {
    const owner = await userNamed(c, username);
    if (!roleAtMost(input.role, owner.role as Role))
      throw new CliError(
        `A token cannot have a role above its owner's: ${owner.username} is ${owner.role}, --role ${input.role} was asked. Give --role ${owner.role} or lower.`,
        EXIT.usage,
        false,
      );
    try {
      const created = await c.services.tokens.create(owner, cliActor(), input, CLI_CLIENT);
      console.log(created.secret);
      announce(created);
    } catch (e) {
      if (e instanceof AppError) throw resultError(e.code, e.message, 'The directory');
      throw e;
    }
  });
}

/** Through a team server: a token for the owner of PORTCULLIS_TOKEN (tokens:create is about oneself). */
async function createRemote(
  r: RemoteRunner,
  username: string | undefined,
  input: { name: string; months: number; role: Role },
) {
  const me = await r.call('auth:me', {});
  if (!me)
    throw resultError('not_signed_in', 'The token is not signed in.', `The server at ${r.remote.base}`);
  if (username !== undefined && username.toLowerCase() !== me.username.toLowerCase())
    throw new CliError(
      `Through a team server, token create makes a token for the owner of PORTCULLIS_TOKEN (${me.username}), not for ${username}. Leave out --user, or run it on the server machine with --db to create a token for another user.`,
      EXIT.usage,
      false,
    );
  const created = await r.call('tokens:create', input);
  console.log(created.secret);
  announce(created);
}

/** `token create`: a new API token, its secret printed once on stdout (nothing else goes there). */
export function tokenCreateCommand(token: Command): void {
  token
    .command('create')
    .description(
      'create an API token and print its secret once on standard output (details go to standard error); audited',
    )
    .option(
      '--user <name>',
      "the token's owner (required on a local database; through --server, the owner of PORTCULLIS_TOKEN)",
    )
    .requiredOption('--name <label>', 'what the token is for, 1–64 characters (e.g. "nightly report")')
    .requiredOption('--role <role>', "owner, admin, support, auditor or member; at most the owner's role")
    .requiredOption('--months <n>', 'how long it is valid: 1 to 12 months')
    .option(
      '--db <path>',
      'database file or postgres:// URL (default: PORTCULLIS_DB, else the app data folder)',
    )
    .action(async (o: CreateOptions) => {
      const input = {
        name: parseArg(shape.name, o.name, '--name'),
        role: parseArg(s.role, o.role, '--role'),
        months: parseArg(monthsArg, o.months, '--months'),
      };
      const username = o.user === undefined ? undefined : parseArg(s.username, o.user, '--user');
      const remote = selectedRemote();
      if (remote) {
        if (o.db !== undefined)
          throw new CliError(
            'Give --server (or PORTCULLIS_SERVER) or --db, not both: the server has its own database.',
            EXIT.usage,
          );
        await createRemote(new RemoteRunner(remote), username, input);
        return;
      }
      if (username === undefined)
        throw new CliError(
          "Give --user NAME: the user who will own the token (see 'portcullis user list').",
          EXIT.usage,
        );
      await createLocal(o.db, username, input);
    });
}
