import type { Command } from 'commander';
import { deliveryContract } from '../../shared/ipc/contracts/delivery.contract';
import { CLI_CLIENT } from '../../electron/main/services/context';
import { CliError, EXIT, parseArg } from '../io';
import { cliActor, withDirectory } from '../operator';

/** The exact schema the app's delivery:updateServices channel validates with. */
const servicesInput = deliveryContract['delivery:updateServices'].input;

const DB_HELP = 'database file (default: PORTCULLIS_DB, else the app data folder)';

interface ServicesOptions {
  smsEnabled?: boolean;
  smsAvailable?: string;
  emailEnabled?: boolean;
  json?: boolean;
  db?: string;
}

/** Prints the account services: JSON, or one "name: value" line each. */
function print(view: object, json: boolean | undefined): void {
  if (json) console.log(JSON.stringify(view, null, 2));
  else for (const [k, v] of Object.entries(view)) console.log(`${k}: ${String(v)}`);
}

/**
 * `settings services show|set`: which delivery services accounts may use (SMS and its allowance,
 * email notifications), as on the app's Settings page; audited as cli:<OS user>.
 */
export function servicesCommands(settings: Command): void {
  const services = settings
    .command('services')
    .description('account services: SMS (and how many messages are left) and email notifications');
  services
    .command('show')
    .description('show which delivery services are on and the SMS messages left')
    .option('--json', 'print JSON')
    .option('--db <path>', DB_HELP)
    .action(async (o: { json?: boolean; db?: string }) => {
      await withDirectory(o.db, async (c) => {
        print(await c.services.delivery.services(), o.json);
      });
    });
  services
    .command('set')
    .description(
      'turn SMS or email on or off, or set the SMS messages left; options not given keep their value',
    )
    .option('--sms-enabled', 'let accounts receive codes by SMS')
    .option('--no-sms-enabled', 'send no SMS')
    .option('--sms-available <n>', 'SMS messages left (0–10000000)')
    .option('--email-enabled', 'send email notifications')
    .option('--no-email-enabled', 'send no email notifications')
    .option('--json', 'print the saved settings as JSON')
    .option('--db <path>', DB_HELP)
    .addHelpText('after', '\nThe change is audited with the actor "cli:<OS user>".')
    .action(async (o: ServicesOptions) => {
      const raw = o.smsAvailable;
      if (raw !== undefined && !/^\d{1,9}$/.test(raw))
        throw new CliError('Invalid --sms-available: give a whole number from 0 to 10000000.', EXIT.usage);
      const smsAvailable =
        raw === undefined
          ? undefined
          : parseArg(servicesInput.shape.smsAvailable, Number(raw), '--sms-available');
      if (o.smsEnabled === undefined && smsAvailable === undefined && o.emailEnabled === undefined)
        throw new CliError('Nothing to change: give at least one setting (see --help).', EXIT.usage);
      await withDirectory(o.db, async (c) => {
        const now = await c.services.delivery.services();
        const input = parseArg(
          servicesInput,
          {
            smsEnabled: o.smsEnabled ?? now.smsEnabled,
            smsAvailable: smsAvailable ?? now.smsAvailable,
            emailEnabled: o.emailEnabled ?? now.emailEnabled,
          },
          'settings',
        );
        print(await c.services.delivery.updateServices(input, cliActor(), CLI_CLIENT), o.json);
      });
    });
}
