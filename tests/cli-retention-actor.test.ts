import { userInfo } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditCommand } from '../cli/commands/audit.command';
import { EXIT } from '../cli/io';
import { ManualClock } from '../electron/main/adapters/clock';
import { queryFile, runInProcess } from './support/cli-in-process';
import { removeDir, startServices, tempDir } from './support/services';
import { OWNER, ipcWindow, value } from '../electron/main/services/two-factor/two-factor.test-support';

// `audit retention` names the CLI operator in the event it leaves: the seeding app writes its events
// five days ago (manual clock), so keeping one day really removes them.
const dir = tempDir('portcullis-cli-retention-');
let db = '';
const ACTOR = `cli:${userInfo().username}`;

beforeAll(async () => {
  const past = new ManualClock(new Date(Date.now() - 5 * 86_400_000));
  const app = await startServices({ dir, clock: past, keychainService: 'Portcullis' });
  try {
    db = app.dbPath;
    value(await ipcWindow(app, 'owner').call('auth:createOwner', OWNER));
  } finally {
    await app.close();
  }
}, 60_000);

afterAll(() => {
  removeDir(dir);
});

describe('portcullis audit retention', () => {
  it('removing old days leaves audit:retention_applied with the actor cli:<OS user>', async () => {
    const old = queryFile<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM audit_events')[0]?.n ?? 0;
    expect(old).toBeGreaterThan(0);
    const r = await runInProcess(auditCommand, db, ['audit', 'retention', '--days', '1']);
    expect(r.code, r.err).toBe(EXIT.ok);
    const removed = Number(/removed: (\d+) events/.exec(r.out)?.[1]);
    expect(removed).toBeGreaterThan(0);
    const rows = queryFile<{ actor_name: string; details: string }>(
      db,
      "SELECT actor_name, details FROM audit_events WHERE code = 'audit:retention_applied'",
    );
    expect(rows.map((e) => e.actor_name)).toEqual([ACTOR]);
    expect(JSON.parse(rows[0]?.details ?? '{}')).toMatchObject({ removed, days: 1 });
  });

  it('changing the setting is audited even when nothing is old enough to remove; the same value again writes nothing', async () => {
    const settingRows = () =>
      queryFile<{ actor_name: string; details: string }>(
        db,
        "SELECT actor_name, details FROM audit_events WHERE code = 'settings:changed' ORDER BY id",
      );
    const before = settingRows().length;
    const r = await runInProcess(auditCommand, db, ['audit', 'retention', '--days', '3650']);
    expect(r.code, r.err).toBe(EXIT.ok);
    expect(r.out).not.toMatch(/removed:/);
    const rows = settingRows();
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)?.actor_name).toBe(ACTOR);
    expect(JSON.parse(rows.at(-1)?.details ?? '{}')).toMatchObject({
      section: 'audit retention',
      before: { days: 1 },
      after: { days: 3650 },
    });
    expect((await runInProcess(auditCommand, db, ['audit', 'retention', '--days', '3650'])).code).toBe(
      EXIT.ok,
    );
    expect(settingRows()).toHaveLength(before + 1);
  });
});
