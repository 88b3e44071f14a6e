import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../electron/main/db/connection';
import { createContainer } from '../electron/main/container';
import { KeytarKeychain } from '../electron/main/adapters/keytar.keychain';
import { ManualClock } from '../electron/main/adapters/clock';
import { MemoryLogger } from '../electron/main/adapters/logger';
import { testPgServer } from './support/engine';
import type { PgServer } from './support/pg-server';
import { withPipeline, windowCaller, type TestContainer } from './support/services';
import { CountingHasher } from './support/counting-hasher';
import { OWNER } from './support/people';

// Issue 14, item 4: the audit trail is append-only by privilege, not only by trigger. The grant
// statements come from docs/postgresql.md ("Roles and grants"), so the page and the test agree.
const AUDIT_TABLES = ['audit_events', 'audit_checkpoints', 'audit_retention_records'];

/** The second ```sql block of the "Roles and grants" section (the grants the owner runs). */
function documentedGrants(): string {
  const page = readFileSync(join(__dirname, '../docs/postgresql.md'), 'utf8');
  const section = page.split('## Roles and grants')[1]?.split('\n## ')[0] ?? '';
  const blocks = [...section.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  const grants = blocks[1];
  if (!grants) throw new Error('docs/postgresql.md has no grants block under "Roles and grants".');
  return grants;
}

let server: PgServer;
let ownerUrl: string;
let appUrl: string;
let role: string;
let dbName: string;
beforeAll(async () => {
  server = await testPgServer();
  ownerUrl = await server.createDatabase();
  dbName = new URL(ownerUrl).pathname.slice(1);
  // The owner migrates (the first start), as the page says.
  await (await openDatabase(ownerUrl)).close();
  role = `pcl_app_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(18).toString('base64url');
  await server.admin(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
  const grants = documentedGrants()
    .replaceAll('portcullis_app', role)
    .replaceAll('DATABASE portcullis ', `DATABASE ${dbName} `);
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    await owner.query(grants);
  } finally {
    await owner.end();
  }
  const u = new URL(ownerUrl);
  u.username = role;
  u.password = password;
  appUrl = u.toString();
});
afterAll(async () => {
  await server.admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await server.admin(`DROP ROLE IF EXISTS ${role}`);
});

/** The SQLSTATE a statement fails with as `url`'s role, or 'ok'. */
async function attempt(url: string, statement: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
    return 'ok';
  } catch (e) {
    return (e as { code?: string }).code ?? 'unknown';
  } finally {
    await client.end();
  }
}

describe('the application role of docs/postgresql.md on a real PostgreSQL server', () => {
  it('the app works as the restricted role: sign-in, users, audit appends and reads, a signed checkpoint, a key rotated and revoked', async () => {
    const clock = new ManualClock('2026-03-02T09:00:00Z');
    const logger = new MemoryLogger();
    const container: TestContainer = withPipeline(
      await createContainer({
        dbPath: appUrl,
        keychain: new KeytarKeychain('Portcullis-test'),
        clock,
        logger,
        hasher: new CountingHasher(),
      }),
      logger,
    );
    try {
      const { caller } = windowCaller('grants');
      const call = (channel: string, payload?: unknown) =>
        container.pipeline.dispatch(caller, channel, payload);
      expect(await call('auth:createOwner', OWNER)).toMatchObject({ ok: true });
      expect(
        await call('users:create', {
          username: 'gina',
          displayName: 'Gina',
          email: 'gina@example.com',
          role: 'member',
          password: 'a long member password',
          mustChangePassword: false,
        }),
      ).toMatchObject({ ok: true });
      const users = await call('users:list', { page: 1, pageSize: 50 });
      const audit = await call('audit:list', { pageSize: 50 });
      const checkpoint = await container.checkpoints.checkpoint('export');
      // Revoking the current key rotates first, then sets revoked_at (the column grant).
      const first = await container.services.signingKeys.current();
      const revoked = await container.services.signingKeys.revoke(first.fingerprint, null, null);
      const total = (r: unknown) => (r as { value: { total: number } }).value.total;
      const events = (r: unknown) => (r as { value: { items: unknown[] } }).value.items.length;
      console.log(
        `as ${role}: users:list ${users.ok ? total(users) : users.code}, audit:list ${audit.ok ? events(audit) : audit.code} events, checkpoint at event ${checkpoint?.last_event_id ?? 'none'}, key rotated and revoked at ${revoked.revokedAt ?? 'never'}`,
      );
      expect(users).toMatchObject({ ok: true });
      expect(audit).toMatchObject({ ok: true });
      expect(events(audit)).toBeGreaterThanOrEqual(2);
      expect(checkpoint?.last_event_id).toBeGreaterThan(0);
      expect(revoked.revokedAt).not.toBeNull();
    } finally {
      await container.close();
    }
  });

  it('UPDATE, DELETE and TRUNCATE on the audit tables are refused by privilege (42501), not only by the trigger', async () => {
    const results: Record<string, string> = {};
    for (const table of AUDIT_TABLES) {
      for (const [op, statement] of [
        ['UPDATE', `UPDATE ${table} SET at = at`],
        ['DELETE', `DELETE FROM ${table}`],
        ['TRUNCATE', `TRUNCATE ${table}`],
      ] as const)
        results[`${table} ${op}`] = await attempt(appUrl, statement);
    }
    // Signing keys: only the revocation columns may change; a key cannot be swapped or removed.
    results['audit_signing_keys UPDATE public_key'] = await attempt(
      appUrl,
      'UPDATE audit_signing_keys SET public_key = public_key',
    );
    results['audit_signing_keys DELETE'] = await attempt(appUrl, 'DELETE FROM audit_signing_keys');
    const revokeColumns = await attempt(
      appUrl,
      'UPDATE audit_signing_keys SET revoked_at = revoked_at, revocation = revocation WHERE false',
    );
    // Nor can the app role lift the trigger (only the owner may alter the table).
    results['audit_events DISABLE TRIGGER'] = await attempt(
      appUrl,
      'ALTER TABLE audit_events DISABLE TRIGGER audit_no_delete',
    );
    // The owner meets the trigger instead (P0001): the two guards are independent.
    const owner = {
      UPDATE: await attempt(ownerUrl, 'UPDATE audit_events SET at = at'),
      DELETE: await attempt(ownerUrl, 'DELETE FROM audit_events'),
    };
    const read = await attempt(appUrl, "SELECT count(*) FROM audit_events WHERE code = 'user:created'");
    console.log(`as the app role: ${JSON.stringify(results)}; as the owner: ${JSON.stringify(owner)}`);
    for (const [what, code] of Object.entries(results)) expect(`${what}: ${code}`).toBe(`${what}: 42501`);
    expect(owner).toEqual({ UPDATE: 'P0001', DELETE: 'P0001' });
    expect(read).toBe('ok');
    expect(revokeColumns).toBe('ok');
  });

  it('retention as the app role is refused with what to do (nothing removed); as the owner it removes the old days', async () => {
    const open = async (url: string, clock: ManualClock) =>
      createContainer({
        dbPath: url,
        keychain: new KeytarKeychain('Portcullis-test'),
        clock,
        logger: new MemoryLogger(),
      });
    const count = async (url: string) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return Number(
          (await client.query<{ n: string }>('SELECT count(*) AS n FROM audit_events')).rows[0]?.n,
        );
      } finally {
        await client.end();
      }
    };
    const before = await count(ownerUrl);
    // Three days after the first test's events: a one-day retention would remove them.
    const app = await open(appUrl, new ManualClock('2026-03-05T12:00:00Z'));
    let refusal: unknown;
    try {
      refusal = await app.services.auditRetention.setDays(1, null, null).catch((e: unknown) => e);
    } finally {
      await app.close();
    }
    const message = refusal instanceof Error ? refusal.message : String(refusal);
    const afterRefusal = await count(ownerUrl);
    const owner = await open(ownerUrl, new ManualClock('2026-03-05T12:00:00Z'));
    let removed = 0;
    try {
      removed = (await owner.services.auditRetention.apply()).removed;
    } finally {
      await owner.close();
    }
    console.log(
      `retention: as ${role} refused (${message.slice(0, 80)}…), events ${before} -> ${afterRefusal}; as the owner removed ${removed}`,
    );
    expect(refusal).toMatchObject({ code: 'permission_denied', details: { role } });
    expect(message).toContain('portcullis audit retention --db');
    // Nothing removed; the one new event is the setting change, saved before the prune was tried.
    expect(afterRefusal).toBe(before + 1);
    expect(removed).toBeGreaterThan(0);
  });
});
