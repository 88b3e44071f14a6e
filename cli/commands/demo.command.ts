import type { Command } from 'commander';
import { z } from 'zod';
import { openDatabase } from '../../electron/main/db/connection';
import { resolveDbPath } from '../../electron/main/app-paths';
import { OfflineGeoLookup } from '../../electron/main/adapters/geo';
import { PasswordHasher } from '../../electron/main/security/password-hasher';
import { generateDemo } from '../../electron/main/services/audit/demo';
import { parseArg } from '../io';

/** The password every demo user gets (hashed once with argon2id). */
export const DEMO_PASSWORD = 'portcullis demo password';

/** `demo`: fills a database with realistic users, sessions, tokens and a chained audit log. */
export function demoCommand(program: Command): void {
  program
    .command('demo')
    .description('fill a database with demo users, sessions, tokens and audit events (fast)')
    .option('--users <n>', 'number of users', '200')
    .option('--events <n>', 'number of audit events', '100000')
    .option('--months <n>', 'months the events are spread over', '6')
    .option('--db <path>', 'database file (default: PORTCULLIS_DB, else the app data folder)')
    .action(async (o: { users: string; events: string; months: string; db?: string }) => {
      const count = (max: number) => z.coerce.number().int().min(1).max(max);
      const users = parseArg(count(1_000_000), o.users, '--users');
      const events = parseArg(z.coerce.number().int().min(0).max(20_000_000), o.events, '--events');
      const months = parseArg(count(120), o.months, '--months');
      const started = Date.now();
      const database = await openDatabase(resolveDbPath(o.db));
      try {
        database.sqlite.pragma('synchronous = NORMAL');
        const passwordHash = await new PasswordHasher().hash(DEMO_PASSWORD);
        const r = await generateDemo(database.sqlite, new OfflineGeoLookup(), {
          users,
          events,
          months,
          passwordHash,
          now: new Date(),
        });
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        console.log(
          `demo: ${r.users} users, ${r.sessions} sessions, ${r.tokens} tokens, ${r.events} events in ${seconds} s`,
        );
        console.log(`every demo user signs in with the password: ${DEMO_PASSWORD}`);
      } finally {
        await database.close();
      }
    });
}
