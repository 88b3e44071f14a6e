import type { Command } from 'commander';
import { mailContract } from '../../shared/ipc/contracts/mail.contract';
import { smsContract } from '../../shared/ipc/contracts/sms.contract';
import type { TestSendResult } from '../../shared/domain/delivery';
import type { Container } from '../../electron/main/container';
import { CliError, EXIT, parseArg } from '../io';
import { cliActor, withDirectory } from '../operator';

const DB_HELP = 'database file (default: PORTCULLIS_DB, else the app data folder)';

/** Adds `test --to` under `parent`: sends right away with the saved settings; exit 1 with the reason. */
function sendTest(
  parent: Command | undefined,
  what: string,
  to: string,
  schema: (typeof mailContract)['mail:sendTest']['input'] | (typeof smsContract)['sms:sendTest']['input'],
  send: (c: Container, to: string) => Promise<TestSendResult>,
): void {
  parent
    ?.command('test')
    .description(`send a test ${what} now with the saved settings (not through the outbox)`)
    .requiredOption('--to <address>', to)
    .option('--db <path>', DB_HELP)
    .action(async (o: { to: string; db?: string }) => {
      const input = parseArg(schema.shape.to, o.to, '--to');
      await withDirectory(o.db, async (c) => {
        const r = await send(c, input);
        if (!r.ok) throw new CliError(`The test ${what} was not sent: ${r.message}`, EXIT.failed);
        console.log(r.message);
      });
    });
}

/**
 * `settings mail test --to EMAIL` and `settings sms test --to +NUMBER`: the app's "Send test"
 * buttons (mail:sendTest, sms:sendTest), with their schemas. Register after `settings mail|sms`.
 */
export function sendTestCommands(settings: Command): void {
  const sub = (name: string) => settings.commands.find((c) => c.name() === name);
  sendTest(sub('mail'), 'email', 'recipient email address', mailContract['mail:sendTest'].input, (c, to) =>
    c.services.delivery.testMail(to, cliActor()),
  );
  sendTest(
    sub('sms'),
    'SMS',
    'recipient phone number in international form, e.g. +447700900123',
    smsContract['sms:sendTest'].input,
    (c, to) => c.services.delivery.testSms(to, cliActor()),
  );
}
