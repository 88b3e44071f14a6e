import type { Migration, MigrationProvider } from 'kysely/migration';
import { initial } from './001-initial';
import { outbox } from './002-outbox';
import { twoFactor } from './003-two-factor';
import { mySecurity } from './004-my-security';
import { audit } from './005-audit';
import { admin } from './006-admin';
import { rateLimits } from './007-rate-limits';
import { auditSigningKeys } from './008-audit-signing-keys';
import { auditCheckpoints } from './009-audit-checkpoints';
import { searchIndexes } from './010-search-indexes';
import { userLanguage } from './011-user-language';

/**
 * Numbered, forward-only migrations, kept in code so they bundle into the app.
 * Add a new file `NNN-name.ts` and list it here; never edit a released one.
 */
const MIGRATIONS: Record<string, Migration> = {
  '001-initial': initial,
  '002-outbox': outbox,
  '003-two-factor': twoFactor,
  '004-my-security': mySecurity,
  '005-audit': audit,
  '006-admin': admin,
  '007-rate-limits': rateLimits,
  '008-audit-signing-keys': auditSigningKeys,
  '009-audit-checkpoints': auditCheckpoints,
  '010-search-indexes': searchIndexes,
  '011-user-language': userLanguage,
};

/** Kysely migration provider over the in-code list. */
export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};
