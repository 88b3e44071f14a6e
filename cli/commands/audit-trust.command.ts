import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../shared/result';
import { CliError, EXIT, parseArg, withServices } from '../io';
import { existingFile, fingerprintArg, organisationArg, pathArg } from '../audit-args';
import { groupFingerprint, printable } from '../verdict';
import { trustStore } from '../verify-run';

/** A signer key file is a few kilobytes; anything far larger is not one. */
const MAX_KEY_FILE = 1024 * 1024;

/** Runs a trust-store change; a refused entry (bad file, bad fingerprint) is a usage error. */
function storeCall<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof AppError)
      throw new CliError(e.message, e.code === 'invalid_input' ? EXIT.usage : EXIT.environment);
    throw e;
  }
}

/** `audit trust add|list|remove`: the auditor's trusted signers (no database, no keychain). */
export function trustCommands(audit: Command): void {
  const trust = audit
    .command('trust')
    .description('the signers you trust (kept in your user-data folder; no database or keychain needed)');
  trust
    .command('add')
    .description(
      'trust a signer: a fingerprint you confirmed with the organisation, or their public key file',
    )
    .argument('[fingerprint]', 'the 64 hex digits (groups separated by spaces or colons are fine)')
    .option('--organisation <name>', 'who this signer is (required with a fingerprint)')
    .option(
      '--file <signer.json>',
      "the organisation's public signing key file (portcullis audit key export)",
    )
    .action((fp: string | undefined, o: { organisation?: string; file?: string }) => {
      if ((fp === undefined) === (o.file === undefined))
        throw new CliError(
          'Give either a FINGERPRINT with --organisation NAME, or --file signer.json.',
          EXIT.usage,
        );
      const store = trustStore();
      if (o.file !== undefined) {
        const file = parseArg(pathArg, o.file, '--file');
        existingFile(file, '--file');
        const text = readFileSync(file);
        if (text.length > MAX_KEY_FILE)
          throw new CliError('--file: this is not a signer key file (it is larger than 1 MB).', EXIT.usage);
        if (o.organisation !== undefined)
          throw new CliError('--organisation is taken from the key file; give one or the other.', EXIT.usage);
        const e = storeCall(() => store.addFromKeyFile(text.toString('utf8')));
        console.log(`trusted: "${printable(e.organisation || 'Unnamed organisation')}"`);
        console.log(`  fingerprint: ${groupFingerprint(e.fingerprint)}`);
        return;
      }
      const fingerprint = parseArg(fingerprintArg, fp, 'fingerprint');
      if (o.organisation === undefined)
        throw new CliError('Say whose key this is with --organisation NAME.', EXIT.usage);
      const organisation = parseArg(organisationArg, o.organisation, '--organisation');
      const e = storeCall(() => store.add({ fingerprint, organisation }));
      console.log(`trusted: "${printable(e.organisation)}"`);
      console.log(`  fingerprint: ${groupFingerprint(e.fingerprint)}`);
    });
  trust
    .command('list')
    .description('list the signers you trust')
    .option('--json', 'print JSON')
    .action((o: { json?: boolean }) => {
      const list = storeCall(() => trustStore().list());
      if (o.json) {
        console.log(JSON.stringify(list, null, 2));
        return;
      }
      if (list.length === 0) console.log('No trusted signers yet (portcullis audit trust add --help).');
      for (const e of list) {
        console.log(`${groupFingerprint(e.fingerprint)}  "${printable(e.organisation)}"  added ${e.addedAt}`);
        if (e.directoryId) console.log(`  directory ${printable(e.directoryId, 100)}`);
        for (const r of e.revoked)
          console.log(`  revoked key ${groupFingerprint(r.fingerprint)} at ${printable(r.at, 40)}`);
      }
    });
  trust
    .command('remove')
    .description('stop trusting a signer')
    .argument('<fingerprint>', 'the fingerprint to remove')
    .action((fp: string) => {
      const fingerprint = parseArg(fingerprintArg, fp, 'fingerprint');
      if (!storeCall(() => trustStore().remove(fingerprint)))
        throw new CliError(`${groupFingerprint(fingerprint)} is not in your trusted signers.`, EXIT.failed);
      console.log(`removed: ${groupFingerprint(fingerprint)}`);
    });
}

/** `audit key export`: the directory's public signing key file to hand to auditors. */
export function keyCommands(audit: Command): void {
  const key = audit.command('key').description("the directory's export-signing key");
  key
    .command('export')
    .description(
      'write the public signing key file (organisation, directory id, key, fingerprint, key history)',
    )
    .requiredOption('--out <file>', 'file to write (for example signer.json)')
    .option('--force', 'replace the file if it exists')
    .option(
      '--db <path>',
      'database file or postgres:// URL (default: PORTCULLIS_DB, else the app data folder)',
    )
    .action(async (o: { out: string; force?: boolean; db?: string }) => {
      const out = resolve(parseArg(pathArg, o.out, '--out'));
      await withServices(o.db, async ({ services }) => {
        const file = await services.signingKeys.publicKeyFile();
        try {
          writeFileSync(out, `${JSON.stringify(file, null, 2)}\n`, {
            flag: o.force ? 'w' : 'wx',
            mode: 0o644,
          });
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'EEXIST')
            throw new CliError(`${out} already exists; choose another name or add --force.`, EXIT.usage);
          throw new CliError(`${out} could not be written: ${(e as Error).message}`, EXIT.failed);
        }
        console.log(`public signing key written to ${out}`);
        console.log(`  organisation: "${printable(file.organisation || 'Unnamed organisation')}"`);
        console.log(`  fingerprint:  ${groupFingerprint(file.fingerprint)}`);
        console.log('Give this file to your auditors; they run: portcullis audit trust add --file FILE');
      });
    });
}
