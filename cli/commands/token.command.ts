import type { Command } from 'commander';
import { z } from 'zod';
import { CliError, EXIT, withServices } from '../io';

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

/** `token verify`: proves an API token works (and records its use) and shows the role it acts with. */
export function tokenCommand(program: Command): void {
  const token = program.command('token').description('API tokens');
  token
    .command('verify')
    .description(
      'check an API token read from standard input and show the role it acts with now; exit 0 when it is valid, 1 when not',
    )
    .option('--json', 'print JSON')
    .option('--db <path>', 'database file')
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
