import { Command, CommanderError } from 'commander';
import { initCommand } from './commands/init.command';
import { userCommand } from './commands/user.command';
import { supportCommand } from './commands/support.command';
import { settingsCommand } from './commands/settings.command';
import { tokenCommand } from './commands/token.command';
import { backupCommand } from './commands/backup.command';
import { auditCommand } from './commands/audit.command';
import { demoCommand } from './commands/demo.command';
import { reviewCommand } from './commands/review.command';
import { serveCommand } from './commands/serve.command';
import { addRemoteOptions } from './remote/options';
import { refuseTokenArgument } from './remote/target';
import { CliError, EXIT } from './io';
import { UnsupportedDatabaseError } from '../electron/main/app-paths';

/** The `portcullis` command line, on the same services as the app. */
export function buildProgram(): Command {
  const program = new Command('portcullis')
    .description('Portcullis account-security console, command line')
    .showHelpAfterError()
    .exitOverride();
  addRemoteOptions(program);
  initCommand(program);
  userCommand(program);
  // Adds subcommands to `user` (and `session`): after userCommand, before the exitOverride loop.
  supportCommand(program);
  settingsCommand(program);
  tokenCommand(program);
  auditCommand(program);
  reviewCommand(program);
  demoCommand(program);
  backupCommand(program);
  serveCommand(program);
  // Subcommands inherit exitOverride only when set before they are added; set it on all.
  const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
  for (const c of all(program)) c.exitOverride().showHelpAfterError();
  return program;
}

/** Runs the CLI and returns the exit code (0 ok, 1 failed, 2 usage, 3 environment, 4 untrusted signer). */
export async function runCli(argv: string[]): Promise<number> {
  try {
    refuseTokenArgument(argv);
    await buildProgram().parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (e instanceof UnsupportedDatabaseError) {
      console.error(`portcullis: ${e.message}`);
      return EXIT.usage;
    }
    if (e instanceof CliError) {
      // An empty message: the command already printed what the exit code means.
      if (e.message === '') return e.exitCode;
      console.error(`portcullis: ${e.message}`);
      if (e.exitCode === EXIT.usage && e.usageHint) console.error("Run 'portcullis --help' for usage.");
      return e.exitCode;
    }
    console.error(`portcullis: ${e instanceof Error ? e.message : String(e)}`);
    return EXIT.failed;
  }
}

let finished = false;
// A command whose work never settles must not look like success.
process.on('beforeExit', () => {
  if (!finished) {
    console.error('portcullis: the command stopped before finishing (internal error).');
    process.exitCode = EXIT.failed;
  }
});
runCli(process.argv.slice(2)).then(
  (code) => {
    finished = true;
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e);
    process.exitCode = EXIT.failed;
  },
);
