import type { Command } from 'commander';
import { z } from 'zod';
import { tokensContract } from '../../shared/ipc/contracts/tokens.contract';
import { CliError, EXIT, parseArg, withServices } from '../io';
import { allPages } from '../remote/all-pages';
import { withRunner } from '../remote/runner';
import { tokenCreateCommand } from './token-create';

/** The same schemas as the app's tokens:listAll and tokens:revokeAny channels. */
const listFilter = tokensContract['tokens:listAll'].input.shape;
const tokenId = tokensContract['tokens:revokeAny'].input.shape.id;

const secretSchema = z.string().trim().min(1, 'no token on standard input').max(1024, 'too long');

async function readToken(): Promise<string> {
  if (process.stdin.isTTY)
    throw new CliError('token verify expects the token on standard input (pipe it in).', EXIT.usage);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const parsed = secretSchema.safeParse(Buffer.concat(chunks).toString('utf8'));
  if (!parsed.success)
    throw new CliError(`Invalid token: ${parsed.error.issues[0]?.message ?? ''}`, EXIT.usage);
  return parsed.data;
}

/** `token list` and `token revoke`: everybody's API tokens, as the app's Tokens page shows them. */
function manageCommands(token: Command): void {
  token
    .command('list')
    .description('list API tokens of all users (never a secret: only its hint)')
    .option('--user <text>', 'only owners whose username contains this')
    .option('--json', 'print JSON (one array) instead of a table')
    .option(
      '--db <path>',
      'database file or postgres:// URL (default: PORTCULLIS_DB, else the app data folder)',
    )
    .action(async (o: { user?: string; json?: boolean; db?: string }) => {
      const user = o.user === undefined ? undefined : parseArg(listFilter.user, o.user, '--user');
      await withRunner(o.db, async (r) => {
        const items = await allPages((page, pageSize) => r.call('tokens:listAll', { user, page, pageSize }));
        if (o.json) console.log(JSON.stringify(items, null, 2));
        else
          console.table(
            items.map((t) => ({
              id: t.id,
              owner: t.username,
              name: t.name,
              role: t.role,
              hint: t.hint,
              status: t.status,
              expires: t.expiresAt,
            })),
          );
      });
    });
  token
    .command('revoke <id>')
    .description("revoke anybody's API token by its id (from token list); audited as cli:<OS user>")
    .option(
      '--db <path>',
      'database file or postgres:// URL (default: PORTCULLIS_DB, else the app data folder)',
    )
    .action(async (raw: string, o: { db?: string }) => {
      const id = parseArg(tokenId, /^\d{1,15}$/.test(raw) ? Number(raw) : Number.NaN, 'token id');
      await withRunner(o.db, async (r) => {
        await r.call('tokens:revokeAny', { id });
        console.log(`Token ${id} revoked; it no longer works.`);
      });
    });
}

/** `token list|revoke|create|verify`: API tokens, on the local database or (but verify) a team server. */
export function tokenCommand(program: Command): void {
  const token = program.command('token').description('API tokens');
  manageCommands(token);
  tokenCreateCommand(token);
  token
    .command('verify')
    .description(
      'check an API token read from standard input and show the role it acts with now; exit 0 when it is valid, 1 when not',
    )
    .option('--json', 'print JSON')
    .option('--db <path>', 'database file or postgres:// URL')
    .action(async (o: { json?: boolean; db?: string }) => {
      const secret = await readToken();
      await withServices(o.db, async ({ services }) => {
        const verdict = await services.tokens.verify(secret);
        if (o.json) console.log(JSON.stringify(verdict));
        else if (verdict.status === 'valid') {
          // The role it acts with now; say so when the owner's current role cut it down.
          const limited =
            verdict.role === verdict.tokenRole
              ? ''
              : ` (created as ${verdict.tokenRole}; limited to the owner's current role)`;
          console.log(
            `valid: owner ${verdict.owner}, role ${verdict.role}${limited}, expires ${verdict.expiresAt}`,
          );
        } else console.log(verdict.status);
        if (verdict.status !== 'valid') throw new CliError(`the token is ${verdict.status}`, EXIT.failed);
      });
    });
}
