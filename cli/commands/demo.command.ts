import { randomInt } from 'node:crypto';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { ROLES, type Role } from '../../shared/domain/roles';
import { openDatabase } from '../../electron/main/db/connection';
import { OfflineGeoLookup } from '../../electron/main/adapters/geo';
import { PasswordHasher } from '../../electron/main/security/password-hasher';
import { generateDemo, type DemoAccount } from '../../electron/main/services/audit/demo';
import {
  checkDemoDatabase,
  inspectDemoTarget,
  markDemoDatabase,
  recordDemoUsers,
} from '../../electron/main/services/audit/demo-directory';
import { CliError, EXIT, parseArg, refuseOnPostgres } from '../io';

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A random password of 4 groups of 5 (about 98 bits), easy to type from the terminal. */
export function randomDemoPassword(): string {
  const group = () => Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return [group(), group(), group(), group()].join('-');
}

/** Refuses anything but a file demo created (or a new one); exit 2 and nothing written. */
function chooseTarget(db: string | undefined): string {
  if (!db)
    throw new CliError(
      "demo needs an explicit --db <file>. It fills a database with made-up accounts, so it never uses PORTCULLIS_DB or the app's own database. Example: portcullis demo --db ./demo.db",
      EXIT.usage,
    );
  refuseOnPostgres(
    db,
    'demo',
    'demo data fills a new SQLite file only; give --db a new file name, for example --db ./demo.db.',
  );
  const path = resolve(db);
  const target = inspectDemoTarget(path);
  if (target.kind === 'refused')
    throw new CliError(
      `demo refused to write to ${path}: ${target.reason}. Nothing was changed. Give --db a new file name for demo data.`,
      EXIT.usage,
    );
  return path;
}

function printAccounts(accounts: DemoAccount[], passwords: Map<Role, string>): void {
  if (accounts.length === 0) return;
  console.log('demo: sign-in accounts (each password is shown only this once; change it at first sign-in):');
  for (const a of accounts)
    console.log(`  ${a.role.padEnd(8)} ${a.username.padEnd(28)} ${passwords.get(a.role) ?? ''}`);
}

/** `demo`: fills a demo database with realistic users, sessions, tokens and a chained audit log. */
export function demoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'fill a new or demo-only database with made-up users, sessions, tokens and audit events (fast)',
    )
    .option('--users <n>', 'number of users', '200')
    .option('--events <n>', 'number of audit events', '100000')
    .option('--months <n>', 'months the events are spread over', '6')
    .option('--db <path>', 'database file: a new file, or one demo created before (required)')
    .action(async (o: { users: string; events: string; months: string; db?: string }) => {
      const count = (max: number) => z.coerce.number().int().min(1).max(max);
      const users = parseArg(count(1_000_000), o.users, '--users');
      const events = parseArg(z.coerce.number().int().min(0).max(20_000_000), o.events, '--events');
      const months = parseArg(count(120), o.months, '--months');
      const path = chooseTarget(o.db);
      const started = Date.now();
      const hasher = new PasswordHasher();
      // One password per role for its first new user; everyone else gets a random password
      // nobody is told (they fill the lists; an administrator can send them a reset).
      const passwords = new Map<Role, string>(ROLES.map((r) => [r, randomDemoPassword()]));
      // Hashed in parallel (argon2 runs on the thread pool): six in the time of about two.
      const [passwordHash, signIn] = await Promise.all([
        hasher.hash(randomDemoPassword()),
        Promise.all([...passwords].map(async ([role, p]) => [role, await hasher.hash(p)] as const)),
      ]);
      const signInHashes: Partial<Record<Role, string>> = Object.fromEntries(signIn);
      const database = await openDatabase(path);
      try {
        const { sqlite } = database;
        // Checked again on the open connection, in case the file changed since the inspection.
        const target = checkDemoDatabase(sqlite);
        if (target.kind === 'refused')
          throw new CliError(`demo refused to write to ${path}: ${target.reason}.`, EXIT.usage);
        sqlite.pragma('synchronous = NORMAL');
        markDemoDatabase(sqlite, new Date());
        const r = await generateDemo(sqlite, new OfflineGeoLookup(), {
          users,
          events,
          months,
          passwordHash,
          signInHashes,
          claim: (first, last) => {
            recordDemoUsers(sqlite, first, last);
          },
          onAccounts: (accounts) => {
            printAccounts(accounts, passwords);
          },
          now: new Date(),
        });
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        console.log(
          `demo: ${r.users} users, ${r.sessions} sessions, ${r.tokens} tokens, ${r.events} events in ${seconds} s`,
        );
      } finally {
        await database.close();
      }
    });
}
