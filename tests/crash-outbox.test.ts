import { spawn } from 'node:child_process';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDatabase } from '../electron/main/db/backup';
import { databaseBytes, removeDir, tempDir } from './support/services';
import { codeIn, startSmtpServer, type TestSmtpServer } from './support/smtp-server';

const root = join(__dirname, '..');
const dir = tempDir('portcullis-crash-outbox-');
const dbPath = join(dir, 'outbox.db');
const KILLS = 21;
const SENT_EVENT = 'admin.user:password_reset_sent';

type Phase = 'queueing' | 'delivering';
/** Kill the worker between `minMs` and `maxMs` (random) after it reaches `phase`. */
interface KillPlan {
  phase: Phase;
  minMs: number;
  maxMs: number;
}
let smtp: TestSmtpServer;

/**
 * Starts the outbox worker. With `killIn`, SIGKILLs it a random while after it reaches that
 * phase and resolves with the phase it was in; without, waits for it to drain and exit.
 */
function runWorker(killIn?: KillPlan): Promise<Phase | 'drained'> {
  return new Promise((resolve, reject) => {
    const mode = killIn ? 'work' : 'drain';
    // node --import tsx runs the worker in the spawned process itself, so SIGKILL hits the worker.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(__dirname, 'support/crash-outbox-worker.ts'), dbPath, String(smtp.port), mode],
      { cwd: root, env: { ...process.env, PORTCULLIS_TEST_SMTP_PASSWORD: smtp.password } },
    );
    let stderr = '';
    let stdout = '';
    let phase: Phase | null = null;
    let scheduled = false;
    let killedIn: Phase | null = null;
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      for (const p of ['queueing', 'delivering'] as const) if (d.toString().includes(p)) phase = p;
      if (killIn && !scheduled && phase === killIn.phase) {
        scheduled = true;
        setTimeout(
          () => {
            killedIn = phase;
            child.kill('SIGKILL');
          },
          killIn.minMs + Math.random() * (killIn.maxMs - killIn.minMs),
        );
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      if (killIn && signal === 'SIGKILL' && killedIn !== null && stderr === '') resolve(killedIn);
      else if (!killIn && code === 0 && stdout.includes('drained')) resolve('drained');
      else reject(new Error(`outbox worker ended (code ${String(code)}, ${String(signal)}): ${stderr}`));
    });
  });
}

/** The outbox id in a delivered message's Message-ID (`<outbox-ID.created@portcullis.invalid>`). */
function outboxId(messageId: string): number {
  const m = /outbox-(\d+)\./.exec(messageId);
  if (!m?.[1]) throw new Error(`Not an outbox message: ${messageId}`);
  return Number(m[1]);
}

/** Whether a code appears in the bytes the way a plaintext body or template data would hold it. */
function plainCodeIn(bytes: Buffer, code: string): boolean {
  return bytes.includes(`code is: ${code}`) || bytes.includes(`"code":"${code}"`);
}

interface OutboxRow {
  id: number;
  user_id: number;
  template: string;
  status: string;
  secret: string | null;
  data: string;
  body_text: string;
  body_html: string | null;
}

function readDb() {
  const db = new BetterSqlite3(dbPath, { readonly: true });
  try {
    const rows = db
      .prepare('SELECT id, user_id, template, status, secret, data, body_text, body_html FROM outbox')
      .all() as OutboxRow[];
    const perUser = (sql: string) =>
      Object.fromEntries((db.prepare(sql).all() as { u: number; n: number }[]).map((r) => [r.u, r.n]));
    return {
      rows,
      outboxPerUser: perUser('SELECT user_id u, count(*) n FROM outbox GROUP BY user_id'),
      eventsPerUser: perUser(
        `SELECT subject_id u, count(*) n FROM audit_events WHERE code = '${SENT_EVENT}' GROUP BY subject_id`,
      ),
      resetsPerUser: perUser('SELECT user_id u, count(*) n FROM password_resets GROUP BY user_id'),
    };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await smtp.stop();
  removeDir(dir);
});

describe('crash safety of the outbox', () => {
  it(`survives ${KILLS} SIGKILLs while queueing and delivering: nothing lost, codes sealed, each message sent at least once`, async () => {
    const phases: Record<Phase, number> = { queueing: 0, delivering: 0 };
    for (let i = 0; i < KILLS; i++) {
      // A third of the runs are killed while queueing their batch, the rest while delivering. The
      // last is killed while queueing, so rows are left pending however fast delivery gets.
      const plan: KillPlan =
        i % 3 === 0 || i === KILLS - 1
          ? { phase: 'queueing', minMs: 30, maxMs: 250 }
          : { phase: 'delivering', minMs: 0, maxMs: 1500 };
      const phase = await runWorker(plan);
      if (phase !== 'drained') phases[phase]++;
    }
    const kills = phases.queueing + phases.delivering;
    expect(kills).toBe(KILLS);
    expect(phases.queueing).toBeGreaterThan(0);
    expect(phases.delivering).toBeGreaterThan(0);

    // The state the kills left, before anything reopens the database.
    const crashBytes = databaseBytes(dbPath);
    const check = await checkDatabase(dbPath);
    expect(check.integrity).toBe('ok');
    expect(check.chainBrokenAt).toBeNull();
    const before = readDb();
    const queued = before.rows.length;
    expect(queued).toBeGreaterThan(KILLS);
    // All-or-nothing: each reset code has its outbox row and its audit event, per user, and nothing more.
    expect(before.outboxPerUser).toEqual(before.eventsPerUser);
    expect(before.resetsPerUser).toEqual(before.eventsPerUser);
    expect(new Set(before.rows.map((r) => r.template))).toEqual(new Set(['password_reset_code']));
    const sent = before.rows.filter((r) => r.status === 'sent');
    // 'sending' is a row a kill interrupted mid-send: still there, released on the next start.
    const pending = before.rows.filter((r) => r.status === 'pending' || r.status === 'sending');
    expect(sent.length + pending.length).toBe(queued);
    expect(pending.length).toBeGreaterThan(0);
    for (const r of pending) {
      expect(r.secret).not.toBeNull();
      expect(r.body_text).toContain('[[code]]');
      expect(r.body_html).toContain('[[code]]');
      expect((JSON.parse(r.data) as { code: string }).code).toBe('[[code]]');
    }
    for (const r of sent) expect(r.secret).toBeNull();
    // Every row the database calls sent reached the server; the server got nothing that was never committed.
    const received = new Set(smtp.messages.map((m) => outboxId(m.messageId)));
    expect(sent.filter((r) => !received.has(r.id)).map((r) => r.id)).toEqual([]);
    const ids = new Set(before.rows.map((r) => r.id));
    expect([...received].filter((id) => !ids.has(id))).toEqual([]);

    // One worker that is not killed delivers the rest.
    expect(await runWorker()).toBe('drained');
    const finalBytes = databaseBytes(dbPath);
    const after = readDb();
    expect(after.rows.map((r) => r.id).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    expect(after.rows.every((r) => r.status === 'sent' && r.secret === null)).toBe(true);
    expect(after.outboxPerUser).toEqual(after.eventsPerUser);

    const codes = new Map<number, Set<string>>();
    for (const m of smtp.messages) {
      const id = outboxId(m.messageId);
      expect(m.subject).toBe('Reset your Portcullis password');
      const code = codeIn(m.text);
      // The form plainCodeIn looks for below, so the leak check can really find a leaked code.
      expect(m.text).toContain(`code is: ${code}`);
      codes.set(id, (codes.get(id) ?? new Set()).add(code));
    }
    // Every message ever queued arrived; a repeat carries the same sealed code, never a new one.
    expect([...codes.keys()].sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    for (const set of codes.values()) expect(set.size).toBe(1);
    // The codes were only ever in the sealed column, never in plain text, pending or delivered.
    const leaked = [...codes.values()]
      .flatMap((s) => [...s])
      .filter((c) => plainCodeIn(crashBytes, c) || plainCodeIn(finalBytes, c));
    expect(leaked).toEqual([]);
    const duplicates = smtp.messages.length - codes.size;
    // At most one message can be caught between the server's acceptance and 'sent' per kill.
    expect(duplicates).toBeLessThanOrEqual(kills);
    const lost = queued - codes.size;
    expect(lost).toBe(0);

    const final = await checkDatabase(dbPath);
    expect(final.integrity).toBe('ok');
    expect(final.chainBrokenAt).toBeNull();
    const n = (x: number) => x.toLocaleString('en-US');
    console.log(
      `Crash safety (outbox): ${kills} SIGKILLs during queueing (${phases.queueing}) and delivery (${phases.delivering}); ` +
        `${n(queued)} messages queued, ${n(sent.length)} delivered before the kills ended, ${n(pending.length)} still pending and sealed, ` +
        `${n(codes.size)} delivered after restart, ${duplicates} duplicates, ${lost} lost; ` +
        `integrity ${final.integrity}, chain intact (${n(final.auditEvents)} events)`,
    );
  }, 180_000);
});
