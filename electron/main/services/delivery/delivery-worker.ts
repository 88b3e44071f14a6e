import type { Db } from '../../db/connection';
import { engineOfDb } from '../../db/engine-sql';
import type { OutboxRepository, OutboxRow } from '../../db/repositories/outbox.repository';
import type { FieldCipher } from '../../security/field-cipher';
import type { Clock } from '../../adapters/clock';
import type { Logger } from '../../adapters/logger';
import { DeliveryError, type Mailer } from '../../adapters/mail/mailer.port';
import type { SmsSender } from '../../adapters/sms/sms-sender.port';
import type { DeliveryConfig } from './delivery-config';
import type { SmsFallbackReason, TemplateData } from './messenger.port';
import { openCode, type OutboxMessenger } from './outbox-messenger';
import { CODE_PLACEHOLDER, maskAddress } from './render';
import { backoffMs, type RetryPolicy } from './retry-policy';
import type { Transports } from './transports';

export interface WorkerDeps {
  db: Db;
  outbox: OutboxRepository;
  config: DeliveryConfig;
  transports: Transports;
  messenger: OutboxMessenger;
  cipher: FieldCipher;
  clock: Clock;
  logger: Logger;
  policy: RetryPolicy;
  /** How often the worker looks for due rows besides being woken (real time). */
  pollMs?: number;
}

/** Per-run adapters, built on first use and closed at the end of the run. */
interface RunTransports {
  mailer?: Mailer;
  sms?: SmsSender;
}

/** Rows claimed at once: small, so the last of them is sent well within its lease. */
const BATCH = 5;
const MAX_PER_RUN = 1000;
/**
 * How long a claim lasts. A worker that has not finished a claimed row by then is taken to have
 * crashed, and its row goes back to pending (another process may send it). Five rows at the
 * SMTP adapter's worst case (10 s connect + 10 s greeting + 30 s socket each) take about 4 min.
 */
export const CLAIM_LEASE_MS = 10 * 60_000;

/**
 * Delivers pending outbox rows in the main process: exponential backoff, a maximum number of
 * attempts, the SMS-to-email fallback after gateway failures, and redaction of one-time codes
 * once delivered. Rows are claimed in small batches (PostgreSQL: FOR UPDATE SKIP LOCKED), so
 * workers in several processes on one database send each message once. Rows left mid-send by a
 * crash go back to pending when their claim's lease runs out (a SQLite file: at start, since one
 * process owns it).
 */
export class DeliveryWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;

  constructor(private readonly d: WorkerDeps) {}

  /** Releases rows stuck in 'sending', then delivers due rows now and every `pollMs`. */
  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    // A SQLite file has one process, so every 'sending' row is a crash's; on a shared PostgreSQL
    // database another process may be sending, so only expired claims are released.
    const released =
      engineOfDb(this.d.db) === 'sqlite'
        ? await this.d.outbox.releaseStuck(this.now())
        : await this.releaseExpired();
    if (released > 0) this.d.logger.warn('outbox: released messages interrupted mid-send', { released });
    this.timer = setInterval(() => {
      this.wake();
    }, this.d.pollMs ?? 2000);
    this.timer.unref();
    this.wake();
  }

  /** Runs soon (or once more after the current run); a no-op while stopped. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.runOnce()
      .then(() => undefined)
      .catch((e: unknown) => {
        this.d.logger.error('outbox: delivery run failed', { error: (e as Error).message });
      })
      .finally(() => {
        this.running = null;
        if (this.again && !this.stopped) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Stops the timer and waits for the message being sent to finish (never cut off mid-send). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Delivers every due row once; returns how many were attempted. For tests and the timer. */
  async runOnce(): Promise<number> {
    const t: RunTransports = {};
    let attempted = 0;
    try {
      const released = await this.releaseExpired();
      if (released > 0) this.d.logger.warn('outbox: released messages whose claim expired', { released });
      while (attempted < MAX_PER_RUN) {
        const rows = await this.d.outbox.claimDue(this.now(), BATCH);
        if (rows.length === 0) break;
        for (const [i, row] of rows.entries()) {
          if (this.stopped && this.running) {
            await this.d.outbox.unclaim(
              rows.slice(i).map((r) => r.id),
              this.now(),
            );
            return attempted;
          }
          await this.process(row, t);
          attempted++;
        }
      }
    } finally {
      t.mailer?.close();
    }
    return attempted;
  }

  private now(): string {
    return this.d.clock.now().toISOString();
  }

  private releaseExpired(): Promise<number> {
    const before = new Date(this.d.clock.now().getTime() - CLAIM_LEASE_MS).toISOString();
    return this.d.outbox.releaseExpired(before, this.now());
  }

  /** Sends one claimed row (status 'sending') and records the outcome. */
  private async process(row: OutboxRow, t: RunTransports): Promise<void> {
    const attempts = row.attempts + 1;
    const opened = openCode(this.d.cipher, row);
    if (!opened.ok) {
      // Not sealed for this row (moved, unbound, other key, damaged): it can never be sent, so
      // fail it now rather than leave it claimed ("sending") until the next start.
      this.d.logger.error('outbox: sealed code cannot be opened', { id: row.id, channel: row.channel });
      await this.d.outbox.markFailed(row.id, this.now(), attempts, opened.reason);
      return;
    }
    const code = opened.code;
    const fill = (s: string) => (code === null ? s : s.split(CODE_PLACEHOLDER).join(code));
    try {
      if (row.channel === 'sms') {
        const blocked = await this.smsBlocked();
        if (blocked) {
          await this.fallback(row, code, attempts - 1, blocked, 'The SMS service could not be used.');
          return;
        }
        t.sms ??= await this.d.transports.sms();
        await t.sms.send(row.recipient, fill(row.body_text));
        await this.d.db.transaction().execute(async (trx) => {
          await this.d.outbox.markSent(row.id, this.now(), attempts, trx);
          await this.d.config.consumeSms(this.now(), trx);
        });
      } else {
        t.mailer ??= await this.d.transports.mailer();
        await t.mailer.send({
          to: row.recipient,
          subject: row.subject,
          text: fill(row.body_text),
          html: row.body_html === null ? undefined : fill(row.body_html),
          messageId: `<outbox-${row.id}.${Date.parse(row.created_at)}@portcullis.invalid>`,
        });
        await this.d.outbox.markSent(row.id, this.now(), attempts);
      }
    } catch (e) {
      await this.failed(row, code, attempts, e);
    }
  }

  private async failed(row: OutboxRow, code: string | null, attempts: number, e: unknown): Promise<void> {
    const message = e instanceof DeliveryError ? e.message : `Unexpected error: ${(e as Error).message}`;
    const policy = row.channel === 'sms' ? this.d.policy.sms : this.d.policy.email;
    const hopeless = row.channel === 'sms' && e instanceof DeliveryError && !e.retryable;
    this.d.logger.warn('outbox: delivery attempt failed', { id: row.id, channel: row.channel, attempts });
    if (attempts < row.max_attempts && !hopeless) {
      const next = new Date(this.d.clock.now().getTime() + backoffMs(policy, attempts)).toISOString();
      await this.d.outbox.markRetry(row.id, this.now(), attempts, next, message);
    } else if (row.channel === 'sms') {
      await this.fallback(row, code, attempts, 'gateway_error', message);
    } else {
      await this.d.outbox.markFailed(row.id, this.now(), attempts, message);
    }
  }

  /** Service off or allowance used up since the code was queued. */
  private async smsBlocked(): Promise<SmsFallbackReason | null> {
    const s = await this.d.config.services();
    if (!s.smsEnabled) return 'service_off';
    if (s.smsAvailable <= 0) return 'no_messages_left';
    return null;
  }

  /** Sends an SMS's code by email instead, records why, and links the two rows. */
  private async fallback(
    row: OutboxRow,
    code: string | null,
    attempts: number,
    reason: SmsFallbackReason,
    error: string,
  ): Promise<void> {
    const email = row.fallback_email;
    if (!email || code === null) {
      await this.d.outbox.markFailed(row.id, this.now(), attempts, error);
      return;
    }
    const data = JSON.parse(row.data) as TemplateData['verification_code'];
    await this.d.db.transaction().execute(async (trx) => {
      const id = await this.d.messenger.insertEmail(trx, row.user_id, email, 'verification_code', {
        ...data,
        code,
      });
      await this.d.outbox.markFailed(
        row.id,
        this.now(),
        attempts,
        `${error} The code was emailed instead.`,
        id,
        trx,
      );
      await this.d.outbox.noteFallback(row.id, JSON.stringify({ ...data, fallbackReason: reason }), trx);
      if (row.user_id !== null)
        await this.d.messenger.recordFallback(
          trx,
          { id: row.user_id, username: data.username },
          reason,
          maskAddress(email),
        );
    });
  }
}
