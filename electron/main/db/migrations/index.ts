import type { Migration, MigrationProvider } from 'kysely/migration';
import { initial } from './001-initial';

/**
 * Numbered, forward-only migrations, kept in code so they bundle into the app.
 * Add a new file `NNN-name.ts` and list it here; never edit a released one.
 */
const MIGRATIONS: Record<string, Migration> = {
  '001-initial': initial,
};

/** Kysely migration provider over the in-code list. */
export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};
