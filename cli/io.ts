import { z } from 'zod';
import { createContainer, type Container } from '../electron/main/container';
import { KeytarKeychain } from '../electron/main/adapters/keytar.keychain';
import { KeychainUnavailableError } from '../electron/main/adapters/keychain.port';
import { DataKeyMismatchError } from '../electron/main/security/data-key';
import { isPostgresUrl, resolveDbPath } from '../electron/main/app-paths';
import { AppError } from '../shared/result';

/**
 * Exit codes: 0 ok, 1 the operation failed (or the file was altered), 2 bad arguments (usage) or
 * not an export, 3 environment missing, 4 intact but signed by a signer nobody trusts yet.
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, environment: 3, untrusted: 4 } as const;

/** Refuses (exit 3) a command that needs a SQLite file when `target` is a PostgreSQL URL, saying what to do instead. */
export function refuseOnPostgres(target: string, what: string, instead: string): void {
  if (isPostgresUrl(target))
    throw new CliError(`${what} is not available on PostgreSQL: ${instead}`, EXIT.environment);
}

/** A failure with the exit code the CLI should end with. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    /** Exit 2 only: false when the arguments were fine but the file was not an export. */
    readonly usageHint = true,
  ) {
    super(message);
  }
}

/** Validates one argument with a shared schema; bad input is a usage error (exit 2). */
export function parseArg<T>(schema: z.ZodType<T>, value: unknown, name: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new CliError(`Invalid ${name}: ${r.error.issues[0]?.message ?? 'not valid'}`, EXIT.usage);
}

/** Reads the whole of stdin (for --password-stdin, --token-stdin); a trailing newline is dropped. */
export async function readStdin(flag = '--password-stdin', what = 'password'): Promise<string> {
  if (process.stdin.isTTY)
    throw new CliError(`${flag} expects the ${what} on standard input (pipe it in).`, EXIT.usage);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (!text) throw new CliError(`No ${what} was given on standard input.`, EXIT.usage);
  return text;
}

/** Opens the services on the chosen database; turns a missing keychain into a clear exit 3. */
export async function openServices(db: string | undefined): Promise<Container> {
  try {
    return await createContainer({ dbPath: resolveDbPath(db), keychain: new KeytarKeychain() });
  } catch (e) {
    if (e instanceof KeychainUnavailableError || e instanceof DataKeyMismatchError)
      throw new CliError(e.message, EXIT.environment);
    throw e;
  }
}

/** Runs a command body with the container, always closing it; AppErrors become exit 1. */
export async function withServices(
  db: string | undefined,
  body: (c: Container) => Promise<void>,
): Promise<void> {
  const container = await openServices(db);
  try {
    await body(container);
  } catch (e) {
    if (e instanceof AppError)
      throw new CliError(e.message, e.code === 'invalid_input' ? EXIT.usage : EXIT.failed);
    throw e;
  } finally {
    await container.close();
  }
}
