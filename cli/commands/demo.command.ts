import { randomInt } from 'node:crypto';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { ROLES, type Role } from '../../shared/domain/roles';
import { isPostgresUrl } from '../../electron/main/app-paths';
import { openDatabase, type OpenedDatabase } from '../../electron/main/db/connection';
import { OfflineGeoLookup } from '../../electron/main/adapters/geo';
import { PasswordHasher } from '../../electron/main/security/password-hasher';
import {
  generateDemo,
  type DemoAccount,
  type DemoBaseOptions,
  type DemoResult,
} from '../../electron/main/services/audit/demo';
import { generateDemoPg } from '../../electron/main/services/audit/demo-pg';
import {
  checkDemoDatabase,
  inspectDemoTarget,
  markDemoDatabase,
  recordDemoUsers,
  type DemoTarget,
} from '../../electron/main/services/audit/demo-directory';
import {
  checkDemoDatabasePg,
  inspectPostgresTarget,
  markDemoDatabasePg,
  recordDemoUsersPg,
} from '../../electron/main/services/audit/demo-directory-pg';
import { CliError, EXIT, parseArg } from '../io';

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A random password of 4 groups of 5 (about 98 bits), easy to type from the terminal. */
export function randomDemoPassword(): string {
  const group = () => Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return [group(), group(), group(), group()].join('-');
}

/** Where demo writes: a SQLite file path or a PostgreSQL URL, and how to name it (never a password). */
interface Chosen {
  target: string;
  display: string;
}

function refuse(display: string, target: DemoTarget, instead: string): void {
  if (target.kind === 'refused')
    throw new CliError(
      `demo refused to write to ${display}: ${target.reason}. Nothing was changed. ${instead}`,
      EXIT.usage,
    );
}

const NEW_PG = 'Give --db a new, empty PostgreSQL database for demo data (CREATE DATABASE ... OWNER ...).';

/** Refuses anything but a database demo created (or a new, empty one); exit 2 and nothing written. */
async function chooseTarget(db: string | undefined): Promise<Chosen> {
  if (!db)
    throw new CliError(
      "demo needs an explicit --db <file> (or a postgres:// URL). It fills a database with made-up accounts, so it never uses PORTCULLIS_DB or the app's own database. Example: portcullis demo --db ./demo.db",
      EXIT.usage,
    );
  if (isPostgresUrl(db)) {
    // Looked at before openDatabase would migrate it: a foreign database gets no tables.
    const inspected = await inspectPostgresTarget(db).catch((e: unknown) => {
      throw new CliError(`demo could not open the database: ${(e as Error).message}`, EXIT.environment);
    });
    refuse(inspected.display, inspected.target, NEW_PG);
    return { target: db, display: inspected.display };
  }
  const path = resolve(db);
  refuse(path, await inspectDemoTarget(path), 'Give --db a new file name for demo data.');
  return { target: path, display: path };
}

function printAccounts(accounts: DemoAccount[], passwords: Map<Role, string>): void {
  if (accounts.length === 0) return;
  console.log('demo: sign-in accounts (each password is shown only this once; change it at first sign-in):');
  for (const a of accounts)
    console.log(`  ${a.role.padEnd(8)} ${a.username.padEnd(28)} ${passwords.get(a.role) ?? ''}`);
}

/** Checks the open database again (it may have changed since the inspection), marks it, fills it. */
async function fill(database: OpenedDatabase, display: string, o: DemoBaseOptions): Promise<DemoResult> {
  const geo = new OfflineGeoLookup();
  const refused = (target: DemoTarget) => {
    if (target.kind === 'refused')
      throw new CliError(`demo refused to write to ${display}: ${target.reason}.`, EXIT.usage);
  };
  if (database.engine === 'postgres') {
    const { db } = database;
    refused(await checkDemoDatabasePg(db));
    await markDemoDatabasePg(db, new Date());
    return generateDemoPg(db, geo, { ...o, claim: (trx, ranges) => recordDemoUsersPg(trx, ranges) });
  }
  const { sqlite } = database;
  refused(await checkDemoDatabase(sqlite));
  sqlite.pragma('synchronous = NORMAL');
  markDemoDatabase(sqlite, new Date());
  return generateDemo(sqlite, geo, {
    ...o,
    claim: (first, last) => {
      recordDemoUsers(sqlite, first, last);
    },
  });
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
    .option(
      '--db <path or URL>',
      'a new SQLite file or empty PostgreSQL database, or one demo created before (required)',
    )
    .action(async (o: { users: string; events: string; months: string; db?: string }) => {
      const count = (max: number) => z.coerce.number().int().min(1).max(max);
      const users = parseArg(count(1_000_000), o.users, '--users');
      const events = parseArg(z.coerce.number().int().min(0).max(20_000_000), o.events, '--events');
      const months = parseArg(count(120), o.months, '--months');
      const { target, display } = await chooseTarget(o.db);
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
      const database = await openDatabase(target);
      try {
        const r = await fill(database, display, {
          users,
          events,
          months,
          passwordHash,
          signInHashes,
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
