import fc from 'fast-check';
import { contract, type ChannelName } from '../../shared/ipc/contract';
import { AppError, type Result } from '../../shared/result';
import { arbitraryFor } from './zod-arbitrary';
import type { FuzzCaller, FuzzWorld } from './fuzz-world';
import type { TestApp } from './services';
import { hintsFor, type SeenIds } from './fuzz-hints';
import { deliveryConfig } from './delivery';
import { diff, nonCanonicalDates } from './fuzz-report';
import {
  captureBaseline,
  changedTables,
  checksSecret,
  restoreBaseline,
  stateOf,
  totalChanges,
} from './fuzz-state';
import { victimChanges, victimRows, victimSecrets } from './fuzz-victim';

/** Everything the fuzzer counted, for the printed summary and the assertions. */
export interface Tally {
  calls: number;
  schemaPassed: number;
  reached: number;
  ok: number;
  /** Calls from member A or no session whose payload named member B (login, id, session, email). */
  aimedAtVictim: number;
  refusals: Record<string, number>;
  internal: { channel: string; who: string; payload: string; stack: string }[];
  writesOnRefusal: string[];
  crossUser: string[];
  /** Timestamps written in another form than the stored one (UTC, milliseconds, Z): text comparisons misorder them. */
  textDates: string[];
  resigned: number;
  restored: number;
  /** Per channel: payloads generated, how many its own schema accepted, reached its handler, were answered ok. */
  generated: Map<string, { n: number; passed: number; reached: number; ok: number; codes: Set<string> }>;
  /** fast-check failures, with seed and counterexample. */
  failures: string[];
}

type AnyHandler = (input: unknown, ctx: unknown) => Promise<unknown>;

/** The pipeline's handler table (private): the fuzzer wraps it to see which calls got through. */
export function handlerTable(app: TestApp): Record<string, AnyHandler> {
  const table = (app.container.pipeline as unknown as { handlers?: Record<string, AnyHandler> }).handlers;
  if (!table || typeof table['auth:me'] !== 'function')
    throw new Error(
      'IpcPipeline no longer keeps its handlers in `handlers`: update handlerTable in tests/support/fuzz-runner.ts.',
    );
  return table;
}

/**
 * Runs fuzzed calls against a world and checks each answer: no `internal` error (a handler
 * crashed on valid input), a refusal writes nothing (see fuzz-state for what counts), and calls
 * by member A or no session neither change member B's rows nor show B's data. Each violation
 * throws (so fast-check reports seed and counterexample) and is counted. After every call the
 * fixture is put back and ended sessions are signed in again.
 */
export function createFuzzRunner(
  w: FuzzWorld,
  known: { internal: readonly string[]; textDates: readonly string[] } = { internal: [], textDates: [] },
) {
  const db = w.app.container.database.sqlite;
  const baseline = captureBaseline(w);
  const seen: SeenIds = { exports: [], reviews: [] };
  const t: Tally = {
    calls: 0,
    schemaPassed: 0,
    reached: 0,
    ok: 0,
    aimedAtVictim: 0,
    refusals: {},
    internal: [],
    writesOnRefusal: [],
    crossUser: [],
    textDates: [],
    resigned: 0,
    restored: 0,
    generated: new Map(),
    failures: [],
  };
  // Every handler is wrapped once: it marks the call as reached and keeps a crash's stack (the pipeline logs only the message).
  const probe = { reached: false, stack: '' };
  const wasReached = () => probe.reached;
  const handlers = handlerTable(w.app);
  for (const [name, handler] of Object.entries(handlers))
    handlers[name] = async (input, ctx) => {
      probe.reached = true;
      try {
        return await handler(input, ctx);
      } catch (e) {
        if (!(e instanceof AppError)) probe.stack = e instanceof Error ? (e.stack ?? e.message) : String(e);
        throw e;
      }
    };
  let snap = { n: totalChanges(db), state: stateOf(db) };

  const heal = async () => {
    const r = restoreBaseline(w, baseline);
    if (r.settings) {
      const config = await deliveryConfig(w.app);
      await config.setSecret('smtp-password', w.smtp.password);
      await config.setSecret('sms-twilio-token', w.sms.authToken);
      await config.setSecret('sms-webhook-token', w.sms.webhookToken);
    }
    t.restored += r.rows + (r.settings ? 1 : 0);
    for (const c of w.callers) if (await w.resignIfEnded(c)) t.resigned++;
    if (await w.resignVictimIfEnded()) t.resigned++;
  };

  const runOne = async (c: FuzzCaller, channel: ChannelName, payload: unknown) => {
    const g = t.generated.get(channel) ?? { n: 0, passed: 0, reached: 0, ok: 0, codes: new Set<string>() };
    t.generated.set(channel, g);
    g.n++;
    const valid = contract[channel].input.safeParse(payload).success;
    if (valid) g.passed++;
    if (totalChanges(db) !== snap.n) snap = { n: totalChanges(db), state: stateOf(db) };
    const watchVictim = c.who === 'member' || c.who === 'no session';
    const victimBefore = watchVictim ? victimRows(db, w.victim.userId) : null;
    const secrets = watchVictim ? victimSecrets(db, w.victim) : [];
    const typed = (JSON.stringify(payload) as string | undefined) ?? 'undefined';
    const namesVictim = new RegExp(
      `"(id|userId|userIds)":\\[?(\\d+,)*${w.victim.userId}[,\\]}]|"\\s*bob`,
      'i',
    );
    if (watchVictim && (secrets.some((s) => typed.includes(s)) || namesVictim.test(typed))) t.aimedAtVictim++;
    probe.reached = false;
    probe.stack = '';
    const r: Result<unknown> = await w.call(c.key, channel, payload);
    t.calls++;
    if (valid) t.schemaPassed++;
    // Read through a function: the handler set it during the await above.
    if (wasReached()) {
      t.reached++;
      g.reached++;
    }
    const shown = `${channel} as ${c.who} with ${typed.slice(0, 300)}`;
    if (r.ok) {
      t.ok++;
      g.ok++;
    } else {
      t.refusals[r.code] = (t.refusals[r.code] ?? 0) + 1;
      if (wasReached()) g.codes.add(r.code);
    }
    if (!r.ok && r.code === 'internal') {
      t.internal.push({ channel, who: c.who, payload: shown, stack: probe.stack });
      if (!known.internal.includes(channel)) throw new Error(`internal error: ${shown}\n${probe.stack}`);
    }
    if (!r.ok && totalChanges(db) !== snap.n) {
      const after = stateOf(db);
      const changed = changedTables(snap.state, after, {
        guess: checksSecret(contract[channel].input),
        limited: r.code === 'retry_later',
      });
      if (changed.length > 0) {
        t.writesOnRefusal.push(`${shown} -> ${r.code} wrote ${changed.join(', ')}`);
        throw new Error(
          `refusal ${r.code} (${r.message}) wrote ${changed.join(', ')}: ${shown}\n${diff(snap.state, after, changed)}`,
        );
      }
    }
    if (r.ok && totalChanges(db) !== snap.n) {
      // Every stored instant is compared as text (e.g. blocking_date <= now), so it must be in the one stored form.
      const bad = nonCanonicalDates(snap.state, stateOf(db));
      t.textDates.push(...bad.map((b) => `${b} after ${shown}`));
      const unknown = bad.filter((b) => !known.textDates.some((k) => b.startsWith(`${k} `)));
      if (unknown.length > 0)
        throw new Error(`stored a timestamp in another form: ${unknown.join('; ')} after ${shown}`);
    }
    if (victimBefore) {
      const after = victimRows(db, w.victim.userId);
      const answer = JSON.stringify(r);
      const leaked = secrets.filter((s) => answer.includes(s) && !typed.includes(s));
      const problems = [
        ...victimChanges(victimBefore.tables, after.tables, {
          publicLogin: contract[channel].access === 'public' && typed.includes('"login":'),
          ownAddresses: [
            victimBefore.tables.get('users')?.[0]?.email,
            victimBefore.tables.get('users')?.[0]?.phone,
          ],
        }).map((c) => `changed B's rows (${c})`),
        after.failedAttempts < victimBefore.failedAttempts || (victimBefore.locked && !after.locked)
          ? "cleared B's lockout"
          : '',
        leaked.length > 0 ? `revealed ${leaked.join(', ')}` : '',
      ].filter(Boolean);
      if (problems.length > 0) {
        t.crossUser.push(`${shown}: ${problems.join('; ')}`);
        throw new Error(`cross-user effect: ${shown}: ${problems.join('; ')}`);
      }
    }
    if (r.ok && channel === 'audit:export' && r.value) seen.exports.push((r.value as { id: string }).id);
    if (r.ok && (channel === 'review:open' || channel === 'review:openPending') && r.value)
      seen.reviews.push((r.value as { id: string }).id);
    await heal();
  };

  /** Fuzzes one channel as one caller with fast-check; a failure is recorded, not thrown. */
  const fuzz = async (channel: ChannelName, c: FuzzCaller, seed: number, numRuns: number) => {
    const arb = arbitraryFor(contract[channel].input, hintsFor(w, c, seen));
    try {
      await fc.assert(
        fc.asyncProperty(arb, (payload) => runOne(c, channel, payload)),
        { seed, numRuns, endOnFailure: true },
      );
    } catch (e) {
      // fast-check keeps the property's own error as `cause`; its message says what broke.
      const cause = (e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : '';
      t.failures.push(
        `${channel} as ${c.who} (seed ${seed}): ${cause}\n${(e as Error).message.slice(0, 600)}`,
      );
      await heal();
    }
  };

  /** Waits for audit exports the fuzzer started, so the database does not close under them. */
  const settle = async () => {
    for (const id of seen.exports)
      for (let i = 0; i < 300 && w.app.container.services.auditExport.status(id)?.state === 'running'; i++)
        await new Promise((r) => setTimeout(r, 10));
  };

  return { tally: t, runOne, fuzz, settle };
}
