import type { Command } from 'commander';
import type { z } from 'zod';
import { mailContract } from '../../shared/ipc/contracts/mail.contract';
import { smsContract } from '../../shared/ipc/contracts/sms.contract';
import type { MailSettingsView, SmsSettingsView } from '../../shared/domain/delivery';
import { CLI_CLIENT } from '../../electron/main/services/context';
import { CliError, EXIT, parseArg, readStdin } from '../io';
import { cliActor, withDirectory } from '../operator';
import { servicesCommands } from './settings-services.command';
import { sendTestCommands } from './settings-send-test.command';

/** The exact schemas the app's mail:saveSettings and sms:saveSettings channels validate with. */
const mailInput = mailContract['mail:saveSettings'].input;
const smsInput = smsContract['sms:saveSettings'].input;
type MailInput = z.infer<typeof mailInput>;
type SmsInput = z.infer<typeof smsInput>;

const DB_HELP = 'database file (default: PORTCULLIS_DB, else the app data folder)';
const SECRET_NOTE = `
Secrets are never taken as arguments (they would show in the process list and shell history):
pipe them in, for example  printf '%s' "$SMTP_PASSWORD" | portcullis settings mail set --password-stdin
Changing the server, port, user, or weakening encryption needs the password again, as in the app.
The change is audited with the actor "cli:<OS user>".`;
const TOKEN_NOTE = `
Tokens are never taken as arguments (they would show in the process list and shell history):
pipe them in, for example  printf '%s' "$SMS_TOKEN" | portcullis settings sms set --provider twilio --token-stdin
--token-stdin and --clear-token act on the token of the provider (given, else the saved one).
A new Twilio address or account SID, or a new webhook URL or header, needs its token again, as in the app.
The change is audited with the actor "cli:<OS user>".`;

/** A port as typed: digits only, then the channel's own range check. */
function portValue(v: string): number {
  if (!/^\d{1,5}$/.test(v)) throw new CliError(`Invalid --port: give a number from 1 to 65535.`, EXIT.usage);
  return Number(v);
}

/** Prints a settings view: JSON, or one "name: value" line each; secrets only as "set"/"not set". */
function print(view: object, json: boolean | undefined): void {
  if (json) console.log(JSON.stringify(view, null, 2));
  else
    for (const [k, v] of Object.entries(view)) {
      const secret = /^has[A-Z]/.test(k);
      const shown = secret ? (v ? 'set' : 'not set') : String(v) || '(empty)';
      console.log(`${secret ? k.charAt(3).toLowerCase() + k.slice(4) : k}: ${shown}`);
    }
}

/** Keeps only the keys a save accepts (drops hasPassword and the like). */
function stored<T extends object>(view: object, keys: readonly string[]): Partial<T> {
  return Object.fromEntries(Object.entries(view).filter(([k]) => keys.includes(k))) as Partial<T>;
}

/** The secret to save: from stdin, '' to remove, or undefined to keep the stored one. */
async function secretFrom(
  stdin: boolean | undefined,
  clear: boolean | undefined,
  schema: z.ZodType<string | undefined>,
  flags: [string, string, string],
): Promise<string | undefined> {
  if (stdin && clear) throw new CliError(`Give ${flags[0]} or ${flags[1]}, not both.`, EXIT.usage);
  if (clear) return '';
  if (!stdin) return undefined;
  return parseArg(schema, await readStdin(flags[0], flags[2]), flags[0]);
}

interface MailOptions {
  host?: string;
  port?: string;
  security?: string;
  user?: string;
  from?: string;
  fromName?: string;
  allowSelfSigned?: boolean;
  passwordStdin?: boolean;
  clearPassword?: boolean;
  json?: boolean;
  db?: string;
}

function mailCommands(settings: Command): void {
  const mail = settings.command('mail').description('outgoing mail (SMTP) settings');
  mail
    .command('show')
    .description('show the SMTP settings (never the password: only whether one is stored)')
    .option('--json', 'print JSON')
    .option('--db <path>', DB_HELP)
    .action(async (o: { json?: boolean; db?: string }) => {
      await withDirectory(o.db, async (c) => {
        print(await c.services.delivery.mail(), o.json);
      });
    });
  mail
    .command('set')
    .description('change SMTP settings; options not given keep their current value')
    .option('--host <host>', 'SMTP server host name, e.g. smtp.example.com ("" for none)')
    .option('--port <n>', 'SMTP port (1–65535)')
    .option('--security <mode>', 'none, starttls or tls')
    .option('--user <name>', 'SMTP user name ("" for none)')
    .option('--from <email>', 'sender address ("" for none)')
    .option('--from-name <text>', 'sender name')
    .option('--allow-self-signed', "accept the server's self-signed certificate")
    .option('--no-allow-self-signed', 'require a certificate from a trusted authority')
    .option('--password-stdin', 'read the SMTP password from standard input')
    .option('--clear-password', 'remove the stored SMTP password')
    .option('--json', 'print the saved settings as JSON')
    .option('--db <path>', DB_HELP)
    .addHelpText('after', SECRET_NOTE)
    .action(async (o: MailOptions) => {
      const f = mailInput.shape;
      const given: Partial<MailInput> = {
        host: o.host === undefined ? undefined : parseArg(f.host, o.host, '--host'),
        port: o.port === undefined ? undefined : parseArg(f.port, portValue(o.port), '--port'),
        security: o.security === undefined ? undefined : parseArg(f.security, o.security, '--security'),
        user: o.user === undefined ? undefined : parseArg(f.user, o.user, '--user'),
        from: o.from === undefined ? undefined : parseArg(f.from, o.from, '--from'),
        fromName: o.fromName === undefined ? undefined : parseArg(f.fromName, o.fromName, '--from-name'),
        allowSelfSigned: o.allowSelfSigned,
      };
      const password = await secretFrom(o.passwordStdin, o.clearPassword, f.password, [
        '--password-stdin',
        '--clear-password',
        'SMTP password',
      ]);
      nothingToChange(given, password);
      await withDirectory(o.db, async (c) => {
        const now: MailSettingsView = await c.services.delivery.mail();
        const merged = { ...stored<MailInput>(now, Object.keys(f)), ...defined(given) };
        const input = parseArg(
          mailInput,
          password === undefined ? merged : { ...merged, password },
          'settings',
        );
        print(await c.services.delivery.saveMail(input, cliActor(), CLI_CLIENT), o.json);
      });
    });
}

interface SmsOptions {
  provider?: string;
  twilioAccountSid?: string;
  twilioFrom?: string;
  twilioBaseUrl?: string;
  webhookUrl?: string;
  webhookHeader?: string;
  tokenStdin?: boolean;
  clearToken?: boolean;
  json?: boolean;
  db?: string;
}

function smsCommands(settings: Command): void {
  const sms = settings.command('sms').description('SMS gateway settings (Twilio or a webhook)');
  sms
    .command('show')
    .description('show the SMS gateway settings (never a token: only whether one is stored)')
    .option('--json', 'print JSON')
    .option('--db <path>', DB_HELP)
    .action(async (o: { json?: boolean; db?: string }) => {
      await withDirectory(o.db, async (c) => {
        print(await c.services.delivery.sms(), o.json);
      });
    });
  sms
    .command('set')
    .description('change SMS gateway settings; options not given keep their current value')
    .option('--provider <name>', 'none, twilio or webhook')
    .option('--twilio-account-sid <sid>', 'Twilio account SID')
    .option('--twilio-from <number>', 'Twilio sender number, e.g. +447700900123')
    .option('--twilio-base-url <url>', 'Twilio API address')
    .option('--webhook-url <url>', 'webhook address (http:// or https://)')
    .option('--webhook-header <name>', 'header that carries the webhook token, e.g. Authorization')
    .option(
      '--token-stdin',
      "read the provider's token (Twilio auth token or webhook token) from standard input",
    )
    .option('--clear-token', "remove the provider's stored token")
    .option('--json', 'print the saved settings as JSON')
    .option('--db <path>', DB_HELP)
    .addHelpText('after', TOKEN_NOTE)
    .action(async (o: SmsOptions) => {
      const f = smsInput.shape;
      const given: Partial<SmsInput> = {
        provider: o.provider === undefined ? undefined : parseArg(f.provider, o.provider, '--provider'),
        twilioAccountSid:
          o.twilioAccountSid === undefined
            ? undefined
            : parseArg(f.twilioAccountSid, o.twilioAccountSid, '--twilio-account-sid'),
        twilioFrom:
          o.twilioFrom === undefined ? undefined : parseArg(f.twilioFrom, o.twilioFrom, '--twilio-from'),
        twilioBaseUrl:
          o.twilioBaseUrl === undefined
            ? undefined
            : parseArg(f.twilioBaseUrl, o.twilioBaseUrl, '--twilio-base-url'),
        webhookUrl:
          o.webhookUrl === undefined ? undefined : parseArg(f.webhookUrl, o.webhookUrl, '--webhook-url'),
        webhookHeader:
          o.webhookHeader === undefined
            ? undefined
            : parseArg(f.webhookHeader, o.webhookHeader, '--webhook-header'),
      };
      const token = await secretFrom(o.tokenStdin, o.clearToken, f.webhookToken, [
        '--token-stdin',
        '--clear-token',
        'token',
      ]);
      nothingToChange(given, token);
      await withDirectory(o.db, async (c) => {
        const now: SmsSettingsView = await c.services.delivery.sms();
        const merged = { ...stored<SmsInput>(now, Object.keys(f)), ...defined(given) };
        const provider = merged.provider ?? 'none';
        if (token !== undefined && provider === 'none')
          throw new CliError(
            'A token belongs to a provider: add --provider twilio or --provider webhook.',
            EXIT.usage,
          );
        const field = provider === 'twilio' ? 'twilioAuthToken' : 'webhookToken';
        const input = parseArg(
          smsInput,
          token === undefined ? merged : { ...merged, [field]: token },
          'settings',
        );
        print(await c.services.delivery.saveSms(input, cliActor(), CLI_CLIENT), o.json);
      });
    });
}

/** A `set` with no change at all is a mistake (and would leave an audit row for nothing). */
function nothingToChange(given: object, secret: string | undefined): void {
  if (secret === undefined && Object.keys(defined(given)).length === 0)
    throw new CliError('Nothing to change: give at least one setting (see --help).', EXIT.usage);
}

/** The options that were given (undefined ones keep the stored value). */
function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * `settings mail|sms show|set`: the app's Settings pages on the command line, on the same
 * services and schemas as the mail:/sms: channels; secrets only from standard input.
 */
export function settingsCommand(program: Command): void {
  const settings = program
    .command('settings')
    .description('delivery settings (mail, SMS gateway, account services)');
  mailCommands(settings);
  smsCommands(settings);
  servicesCommands(settings);
  sendTestCommands(settings);
}
