import { resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import * as s from '../../shared/ipc/schemas';
import { auditFilter } from '../../shared/ipc/contracts/audit.contract';
import { CLI_CLIENT } from '../../electron/main/services/context';
import { CliError, EXIT, parseArg, withServices } from '../io';
import { cliActor, cliOperatorName } from '../operator';
import { fingerprintArg, pathArg } from '../audit-args';
import { reportVerdict } from '../verdict';
import { verifyDb, verifyFile } from '../verify-run';
import { keyCommands, trustCommands } from './audit-trust.command';
import { RemoteRunner, selectedRemote } from '../remote/runner';
import { exportThroughServer } from '../remote/audit-export';

/** The live log's own filter schemas (audit contract), refusing an empty value that would filter nothing. */
const filterText = {
  // Not the username schema: the CLI operator is named "cli:<os user>" in the log.
  user: auditFilter.shape.user.unwrap().min(1, 'give a username'),
  ip: auditFilter.shape.ip.unwrap().min(1, 'give an IP address'),
  text: auditFilter.shape.text.unwrap().min(1, 'give the text to look for'),
};

interface ExportOptions {
  out: string;
  format: string;
  from?: string;
  to?: string;
  user?: string;
  code?: string;
  ip?: string;
  text?: string;
  bom?: boolean;
  db?: string;
}

/** `audit export|verify|retention|trust|key`: signed exports, and checks that need no database or keychain. */
export function auditCommand(program: Command): void {
  const audit = program.command('audit').description('export and verify the audit log');
  audit
    .command('export')
    .description('export the (filtered) audit log to a signed JSON Lines file or CSV')
    .requiredOption('--out <file>', 'file to write')
    .option('--format <format>', 'jsonl or csv', 'jsonl')
    .option('--from <iso>', 'only events at or after this instant')
    .option('--to <iso>', 'only events before this instant')
    .option('--user <name>', 'only events where this user (or "cli:<os user>") is actor or subject')
    .option('--code <code>', 'only events with this code')
    .option('--ip <address>', 'only events from this IP address (exact match)')
    .option('--text <text>', 'only events whose message, code, names, location or details contain this text')
    .option('--bom', 'CSV: start with a UTF-8 byte-order mark (for spreadsheets)')
    .option(
      '--db <path>',
      'database file or postgres:// URL (default: PORTCULLIS_DB, else the app data folder)',
    )
    .action(async (o: ExportOptions) => {
      const format = parseArg(z.enum(['jsonl', 'csv']), o.format, '--format');
      const filter = {
        from: o.from === undefined ? undefined : parseArg(s.isoDate, o.from, '--from'),
        to: o.to === undefined ? undefined : parseArg(s.isoDate, o.to, '--to'),
        user: o.user === undefined ? undefined : parseArg(filterText.user, o.user, '--user'),
        code: o.code === undefined ? undefined : parseArg(z.string().min(1).max(64), o.code, '--code'),
        ip: o.ip === undefined ? undefined : parseArg(filterText.ip, o.ip, '--ip'),
        text: o.text === undefined ? undefined : parseArg(filterText.text, o.text, '--text'),
      };
      const out = resolve(o.out);
      const remote = selectedRemote();
      if (remote) {
        if (o.db !== undefined)
          throw new CliError(
            'Give --server (or PORTCULLIS_SERVER) or --db, not both: the server has its own database.',
            EXIT.usage,
          );
        const r = await exportThroughServer(
          new RemoteRunner(remote),
          { filter, format, bom: o.bom ?? false },
          out,
        );
        console.log(`exported: ${r.events} events to ${out} (signed on ${remote.base})`);
        return;
      }
      await withServices(o.db, async ({ services }) => {
        const r = await services.auditExport.run({
          filter,
          format,
          bom: o.bom ?? false,
          out,
          actor: cliActor(),
          client: CLI_CLIENT,
          exportedBy: cliOperatorName(),
        });
        console.log(`exported: ${r.events} events to ${r.path}`);
        if (r.fingerprint) console.log(`signed by: ${r.fingerprint}`);
      });
    });
  audit
    .command('verify')
    .description(
      'verify a signed export (no database or keychain needed), or the live chain with --db; exit 0 intact and trusted, 1 altered or refused, 2 not an export, 4 intact but the signer is not trusted',
    )
    .argument('[file]', 'the exported .jsonl file')
    .option(
      '--key <fingerprint>',
      'require this signer (or a successor it endorsed) instead of the trusted list',
    )
    .option(
      '--db <path>',
      'verify the hash chain and signed checkpoints of this database (a file or a postgres:// URL) instead of an export file',
    )
    .action(async (file: string | undefined, o: { key?: string; db?: string }) => {
      if (file === undefined && o.db === undefined)
        throw new CliError('Give an export FILE or --db PATH.', EXIT.usage);
      if (file !== undefined && o.db !== undefined)
        throw new CliError('Give an export FILE or --db PATH, not both.', EXIT.usage);
      const key = o.key === undefined ? undefined : parseArg(fingerprintArg, o.key, '--key');
      if (file === undefined) {
        await verifyDb(parseArg(pathArg, o.db, '--db'), key);
        return;
      }
      reportVerdict(await verifyFile(parseArg(pathArg, file, 'FILE'), key));
    });
  trustCommands(audit);
  keyCommands(audit);
  audit
    .command('retention')
    .description('show or set how many days of audit events are kept (default: forever), and apply it')
    .option('--days <n>', 'keep this many whole days; older days are removed')
    .option('--forever', 'keep every event (the default)')
    .option(
      '--db <path>',
      'database file or postgres:// URL (default: PORTCULLIS_DB, else the app data folder)',
    )
    .action(async (o: { days?: string; forever?: boolean; db?: string }) => {
      if (o.days !== undefined && o.forever)
        throw new CliError('Give --days or --forever, not both.', EXIT.usage);
      const days =
        o.days === undefined
          ? undefined
          : parseArg(z.coerce.number().int().min(1).max(36500), o.days, '--days');
      await withServices(o.db, async ({ services }) => {
        const r =
          days !== undefined || o.forever
            ? await services.auditRetention.setDays(days ?? null, cliActor(), CLI_CLIENT)
            : await services.auditRetention.apply(cliActor(), CLI_CLIENT);
        console.log(r.days === null ? 'retention: keep forever' : `retention: keep ${r.days} days`);
        if (r.removed > 0) console.log(`removed: ${r.removed} events (chain anchored at ${r.anchor ?? ''})`);
      });
    });
}
