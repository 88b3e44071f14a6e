import type { Command } from 'commander';
import { CliError, EXIT } from '../io';
import { selectRemote } from './runner';
import { resolveTarget, type RemoteOptions } from './target';

/** Commands that run through a team server when --server (or PORTCULLIS_SERVER) is given. */
export const REMOTE_COMMANDS: ReadonlySet<string> = new Set([
  'user list',
  'user add',
  'user disable-2fa',
  'user unlock',
  'user block',
  'user unblock',
  'user end-sessions',
  'user reset-password',
  'session list',
  'session end',
  'token list',
  'token revoke',
  'token create',
  'audit export',
]);

/** Commands that open no database at all (they check files), so a server changes nothing for them. */
const NO_DATABASE = ['audit trust', 'review', 'serve'];

/** "user list" for the `list` subcommand of `user`. */
export function commandPath(c: Command): string {
  const names: string[] = [];
  for (let at = c; at.parent; at = at.parent) names.unshift(at.name());
  return names.join(' ');
}

/**
 * The global `--server URL` and `--ca FILE` options. Before each command runs, the team server
 * is chosen (or none: the local database), and a command that cannot go through a server is
 * refused rather than silently run on this machine's database.
 */
export function addRemoteOptions(program: Command): void {
  program
    .option(
      '--server <url>',
      'team server to work on (https://host:port), instead of a local database; default: PORTCULLIS_SERVER. The token is read from PORTCULLIS_TOKEN.',
    )
    .option(
      '--ca <file>',
      "PEM certificate of your organisation's certificate authority, when the server's certificate is not signed by a public one",
    );
  program.addHelpText(
    'after',
    `\nThrough a team server (--server URL, token in PORTCULLIS_TOKEN): ${[...REMOTE_COMMANDS].join(', ')}.\nThey act with the token's role, capped by its owner's current role. See docs/cli-team-server.md.`,
  );
  program.hook('preAction', (root, action) => {
    selectRemote(null);
    const target = resolveTarget(root.opts<RemoteOptions>());
    if (!target) return;
    const path = commandPath(action);
    const noDb = NO_DATABASE.some((p) => path === p || path.startsWith(`${p} `));
    const dbFreeVerify = path === 'audit verify' && action.opts<{ db?: string }>().db === undefined;
    if (REMOTE_COMMANDS.has(path)) selectRemote(target);
    else if (!noDb && !dbFreeVerify)
      throw new CliError(
        `'portcullis ${path}' works on this machine's database only and does not go through a team server. Run it without --server (and unset PORTCULLIS_SERVER), or on the server machine.`,
        EXIT.usage,
      );
  });
}
