import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { Container } from '../electron/main/container';
import { isPostgresUrl, resolveDbPath } from '../electron/main/app-paths';
import type { UserRow } from '../electron/main/db/repositories/user.repository';
import type { Actor } from '../electron/main/services/context';
import { CliError, EXIT, withServices } from './io';

/** The actor id of the machine's operator: no user has it (ids start at 1), so no self-rule applies. */
export const CLI_ACTOR_ID = 0;

/** The OS account running the CLI, as the audit log names it ("cli:<os user>"). */
export function cliOperatorName(): string {
  let name: string;
  try {
    name = userInfo().username;
  } catch {
    // No passwd entry (some containers): fall back to the environment, else say so.
    name = process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
  return `cli:${name}`;
}

/**
 * The CLI acts as the machine's operator: whoever holds the database file and its keychain entry
 * acts with the owner's role (like `user add`), outside any session, and is audited as
 * "cli:<os user>". The services' hierarchy rules still apply: recovery actions (turning off
 * two-factor authentication, sending a reset) never reach an owner, as in the app.
 */
export function cliActor(): Actor {
  return { id: CLI_ACTOR_ID, username: cliOperatorName(), role: 'owner', sessionId: null };
}

/** The user named `username`, or exit 1 with "No user named X" before anything is written. */
export async function userNamed(c: Container, username: string): Promise<UserRow> {
  const row = await c.repositories.users.findByLogin(username);
  // findByLogin also matches an email; a validated username has no "@", but check the name anyway.
  if (row?.username.toLowerCase() !== username.toLowerCase())
    throw new CliError(`No user named ${username}. See 'portcullis user list'.`, EXIT.failed);
  return row;
}

/**
 * withServices on an existing database only: a support action on a mistyped --db must not create
 * an empty directory (and a keychain entry for it) and then report that nobody is in it.
 */
export async function withDirectory(
  db: string | undefined,
  body: (c: Container) => Promise<void>,
): Promise<void> {
  const path = resolveDbPath(db);
  // A PostgreSQL database is made by its administrator; opening it migrates it (an empty directory).
  if (!isPostgresUrl(path) && !existsSync(path))
    throw new CliError(
      `There is no database at ${path}. Check --db or PORTCULLIS_DB ('portcullis init' creates a new one).`,
      EXIT.environment,
    );
  await withServices(path, body);
}
