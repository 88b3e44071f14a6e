import type { Command } from 'commander';
import * as s from '../../shared/ipc/schemas';
import { usersContract } from '../../shared/ipc/contracts/users.contract';
import { sessionsContract } from '../../shared/ipc/contracts/sessions.contract';
import { CliError, EXIT, parseArg } from '../io';
import { allPages } from '../remote/all-pages';
import { withRunner } from '../remote/runner';
import { userByName } from '../remote/users';

/** The same schemas the app's IPC channels validate with. */
const reasonArg = usersContract['users:disableTwoFactor'].input.shape.reason;
const sessionIdArg = sessionsContract['sessions:revokeAny'].input.shape.sessionId;
const sessionFilter = sessionsContract['sessions:listAll'].input.shape;
const blockArgs = usersContract['users:block'].input.shape;

const OPERATOR_NOTE = `
The command line acts as this machine's operator: whoever can open the database file and its
keychain entry acts with the owner's role, outside any session. The audit log names the actor
"cli:<OS user>". As in the app, nobody turns off two-factor authentication for an owner or sends
an owner a password reset from here; the owner does that on their own My security page.
With --server, the command goes through the team server and acts with the role of the token in
PORTCULLIS_TOKEN (capped by its owner's current role), audited under that token's owner.`;

/** The bulk support channels, each taking `{ userIds }`. */
type Bulk =
  'users:unlock' | 'users:block' | 'users:unblock' | 'users:revokeSessions' | 'users:sendPasswordReset';

/** One support action on one named user: validate, look the user up, run the app's service. */
function bulkAction(
  user: Command,
  name: string,
  description: string,
  run: Bulk,
  done: (u: string) => string,
  skipped: (u: string) => string,
): Command {
  return user
    .command(`${name} <name>`)
    .description(description)
    .option(
      '--db <path>',
      'database file or postgres:// URL (default: PORTCULLIS_DB, else the app data folder)',
    )
    .addHelpText('after', OPERATOR_NOTE)
    .action(async (rawName: string, o: { db?: string }) => {
      const username = parseArg(s.username, rawName, 'username');
      await withRunner(o.db, async (r) => {
        const row = await userByName(r, username);
        const result = await r.call(run, { userIds: [row.id] });
        console.log(result.changed.length > 0 ? done(row.username) : skipped(row.username));
      });
    });
}

/**
 * `user block NAME [--reason TEXT] [--on DATE]`: block now (sessions end), or set the blocking
 * date so the account works until DATE. Both are validated before the database is opened.
 */
function blockCommand(user: Command): void {
  user
    .command('block <name>')
    .description(
      'block a user: they cannot sign in and every session of theirs ends (undo with unblock); with --on, on that date instead',
    )
    .option('--reason <text>', 'why (3–500 characters), kept in the audit log')
    .option('--on <date>', 'block on this future date (YYYY-MM-DD = 00:00 UTC that day, or an ISO date-time)')
    .option('--until <date>', '(not supported: see the message)')
    .option(
      '--db <path>',
      'database file or postgres:// URL (default: PORTCULLIS_DB, else the app data folder)',
    )
    .addHelpText('after', OPERATOR_NOTE)
    .action(async (rawName: string, o: { reason?: string; on?: string; until?: string; db?: string }) => {
      if (o.until !== undefined)
        throw new CliError(
          'Portcullis has no block that lifts itself: block now (or --on DATE to block on a date) and run `user unblock NAME` when it should end.',
          EXIT.usage,
        );
      const username = parseArg(s.username, rawName, 'username');
      const reason = o.reason === undefined ? undefined : parseArg(blockArgs.reason, o.reason, '--reason');
      const on = o.on === undefined ? undefined : parseBlockDate(o.on);
      await withRunner(o.db, async (r) => {
        const row = await userByName(r, username);
        const result = await r.call('users:block', { userIds: [row.id], reason, on });
        const changed = result.changed.length > 0;
        if (on)
          console.log(
            changed
              ? `${row.username} will be blocked on ${on}.`
              : `${row.username} is already blocked or already set to be blocked on ${on}; nothing changed.`,
          );
        else
          console.log(
            changed
              ? `${row.username} blocked; their sessions ended.`
              : `${row.username} was already blocked; nothing changed.`,
          );
      });
    });
}

/** `--on`: a calendar day (start of it in UTC) or an ISO date-time; never in the past. */
function parseBlockDate(raw: string): string {
  const text = raw.trim();
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text;
  const when = new Date(iso);
  // Date() rolls 2099-02-30 over to March: a calendar day must read back as itself.
  const real = !Number.isNaN(when.getTime()) && (iso === text || when.toISOString().startsWith(text));
  const parsed = real ? blockArgs.on.safeParse(iso) : undefined;
  if (!parsed?.success || parsed.data === undefined)
    throw new CliError(
      `Invalid --on: "${raw}" is not a date. Write YYYY-MM-DD (e.g. 2027-01-31) or an ISO date-time such as 2027-01-31T18:00:00+01:00.`,
      EXIT.usage,
    );
  if (parsed.data <= new Date().toISOString())
    throw new CliError(
      `Invalid --on: ${parsed.data} is in the past. Give a future date, or leave --on out to block now.`,
      EXIT.usage,
    );
  return parsed.data;
}

/** Support actions on users: the CLI counterpart of the app's support dialogs. */
function userSupportCommands(user: Command): void {
  user
    .command('disable-2fa <name>')
    .description(
      'turn off two-factor authentication for a user who lost their device: their backup codes stop working, their sessions end and they are emailed',
    )
    .requiredOption('--reason <text>', 'why (3–500 characters), kept in the audit log and sent to the user')
    .option(
      '--db <path>',
      'database file or postgres:// URL (default: PORTCULLIS_DB, else the app data folder)',
    )
    .addHelpText('after', OPERATOR_NOTE)
    .action(async (rawName: string, o: { reason: string; db?: string }) => {
      const username = parseArg(s.username, rawName, 'username');
      const reason = parseArg(reasonArg, o.reason, '--reason');
      await withRunner(o.db, async (r) => {
        const row = await userByName(r, username);
        await r.call('users:disableTwoFactor', { userId: row.id, reason });
        console.log(
          `Two-factor authentication turned off for ${row.username}; their sessions ended and an email telling them is queued.`,
        );
      });
    });

  bulkAction(
    user,
    'unlock',
    'unlock a user locked out by failed sign-ins (clears the failed attempts)',
    'users:unlock',
    (u) => `${u} unlocked; they can sign in again.`,
    (u) => `${u} was not locked; nothing changed.`,
  );
  blockCommand(user);
  bulkAction(
    user,
    'unblock',
    'unblock a blocked user so they can sign in again',
    'users:unblock',
    (u) => `${u} unblocked; they can sign in again.`,
    (u) => `${u} was not blocked; nothing changed.`,
  );
  bulkAction(
    user,
    'end-sessions',
    'end every session of a user (they must sign in again)',
    'users:revokeSessions',
    (u) => `Every session of ${u} ended.`,
    (u) => `${u} had no sessions; nothing changed.`,
  ).alias('revoke-sessions');
  bulkAction(
    user,
    'reset-password',
    'email the user a password reset code (valid 10 minutes; queued in the outbox and sent by the app); nobody else sees the code',
    'users:sendPasswordReset',
    (u) => `Password reset code queued for ${u} (sent by email).`,
    (u) => `Nothing was sent to ${u}.`,
  ).alias('send-reset');
}

/** `session list` and `session end`: everybody's sessions, as the app's Sessions page shows them. */
function sessionCommands(program: Command): void {
  const session = program.command('session').description("list and end users' sessions");
  session
    .command('list')
    .description('list live sessions (all users)')
    .option('--user <text>', 'only users whose username contains this')
    .option('--ip <prefix>', 'only sessions from addresses starting with this')
    .option('--json', 'print JSON (one array) instead of a table')
    .option(
      '--db <path>',
      'database file or postgres:// URL (default: PORTCULLIS_DB, else the app data folder)',
    )
    .action(async (o: { user?: string; ip?: string; json?: boolean; db?: string }) => {
      const filter = {
        user: o.user === undefined ? undefined : parseArg(sessionFilter.user, o.user, '--user'),
        ip: o.ip === undefined ? undefined : parseArg(sessionFilter.ip, o.ip, '--ip'),
      };
      await withRunner(o.db, async (r) => {
        const items = await allPages((page, pageSize) =>
          r.call('sessions:listAll', { ...filter, page, pageSize }),
        );
        if (o.json) console.log(JSON.stringify(items, null, 2));
        else
          console.table(
            items.map((v) => ({
              id: v.id,
              user: v.username,
              ip: v.ip,
              device: `${v.browser} on ${v.os}`,
              lastSeen: v.lastSeenAt,
            })),
          );
      });
    });
  session
    .command('end')
    .description('end one session (--id, from session list) or every session of a user (--user)')
    .option('--id <session>', 'the session id (32 hexadecimal characters)')
    .option('--user <name>', 'end every session of this user')
    .option(
      '--db <path>',
      'database file or postgres:// URL (default: PORTCULLIS_DB, else the app data folder)',
    )
    .addHelpText('after', OPERATOR_NOTE)
    .action(async (o: { id?: string; user?: string; db?: string }) => {
      if ((o.id === undefined) === (o.user === undefined))
        throw new CliError('Give --id SESSION or --user NAME (one of them).', EXIT.usage);
      const id = o.id === undefined ? undefined : parseArg(sessionIdArg, o.id, '--id');
      const username = o.user === undefined ? undefined : parseArg(s.username, o.user, '--user');
      await withRunner(o.db, async (r) => {
        if (id !== undefined) {
          await r.call('sessions:revokeAny', { sessionId: id });
          console.log(`Session ${id} ended.`);
          return;
        }
        const row = await userByName(r, username ?? '');
        const result = await r.call('users:revokeSessions', { userIds: [row.id] });
        console.log(
          result.changed.length > 0
            ? `Every session of ${row.username} ended.`
            : `${row.username} had no sessions; nothing changed.`,
        );
      });
    });
}

/**
 * The support actions on the command line, on the same services as the app: `user disable-2fa`,
 * `unlock`, `block`, `unblock`, `end-sessions`, `reset-password`, and `session list|end`.
 * Adds to the `user` command when it exists (register after userCommand).
 */
export function supportCommand(program: Command): void {
  const user =
    program.commands.find((c) => c.name() === 'user') ?? program.command('user').description('manage users');
  userSupportCommands(user);
  sessionCommands(program);
}
