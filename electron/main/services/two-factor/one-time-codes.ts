import type { Db } from '../../db/connection';
import type { TwoFactorRepository } from '../../db/repositories/two-factor.repository';
import type { UserRow } from '../../db/repositories/user.repository';
import type { Clock } from '../../adapters/clock';
import { AppError } from '../../../../shared/result';
import type { CodeSentTo } from '../../../../shared/ipc/contracts/two-factor.contract';
import type { CodePurpose, Messenger } from '../delivery/messenger.port';
import { sixDigitCode, type CodeHasher } from './code-hasher';
import { maskEmail, maskPhone } from './mask';

/** Email/SMS codes live 10 minutes. */
export const CODE_MINUTES = 10;
/** "Send again" waits this long after the last code. */
export const RESEND_SECONDS = 60;
/** Wrong tries one code survives before it is void. */
export const MAX_TRIES_PER_CODE = 5;

export type CodeCheck = 'ok' | 'wrong_code' | 'expired';

/** Six-digit codes sent by email or SMS: stored hashed, single use, limited tries, resend cooldown. */
export class OneTimeCodes {
  /** The outbox message of each user's latest code per purpose (to follow an SMS's fate). */
  private readonly messages = new Map<string, number>();

  constructor(
    private readonly repo: TwoFactorRepository,
    private readonly hasher: CodeHasher,
    private readonly messenger: () => Messenger,
    private readonly clock: Clock,
  ) {}

  /** Refuses a new code within the cooldown (a quick answer before any work; `issue` checks again). */
  async assertCanSend(userId: number, purpose: CodePurpose, db?: Db): Promise<void> {
    const wait = this.cooldownLeft(await this.repo.latestCode(userId, purpose, db));
    if (wait > 0)
      throw new AppError('retry_later', `Wait ${wait} seconds before asking for another code.`, {
        seconds: wait,
      });
  }

  /**
   * The code already sent for `purpose` when it is still usable and inside the resend cooldown:
   * signing in again and again then reuses it instead of sending a new one each time (the first
   * message is still on its way or in the inbox). Inside the cooldown a used-up code is
   * retry_later; outside it, or after a code was used, null: send a new one.
   */
  async reuseLive(user: UserRow, purpose: CodePurpose, phone: string | null): Promise<CodeSentTo | null> {
    const last = await this.repo.latestCode(user.id, purpose);
    const wait = this.cooldownLeft(last);
    if (!last || wait <= 0) return null;
    if (last.expires_at <= this.clock.now().toISOString() || last.attempts >= MAX_TRIES_PER_CODE)
      await this.assertCanSend(user.id, purpose);
    const where = await this.whereNow(user.id, purpose);
    if (where) return where;
    // Sent by another process (or before a restart): the row says which channel was asked for.
    const sms = last.channel === 'sms' && phone !== null;
    return {
      channel: sms ? 'sms' : 'email',
      maskedTo: sms ? maskPhone(phone) : maskEmail(user.email),
      fallback: false,
      resendAfterSeconds: wait,
    };
  }

  /** Creates a code, stores its hash and queues it in `trx` (SMS falls back to email). */
  async issue(
    trx: Db,
    user: UserRow,
    purpose: CodePurpose,
    via: 'email' | 'sms',
    phone: string | null,
    o: { emailFallback?: boolean } = {},
  ): Promise<CodeSentTo> {
    // Checked again in `trx` under the user's row lock: parallel requests, in this process or
    // another one on the same PostgreSQL database, cannot both pass the cooldown.
    await this.repo.lockUserCodes(user.id, trx);
    await this.assertCanSend(user.id, purpose, trx);
    const now = this.clock.now();
    const code = sixDigitCode();
    await this.repo.addCode(
      {
        user_id: user.id,
        purpose,
        code_hash: this.hasher.hash(code, context(user.id, purpose)),
        channel: via,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + CODE_MINUTES * 60_000).toISOString(),
      },
      trx,
    );
    const delivery = await this.messenger().queueCode(trx, {
      user: { id: user.id, username: user.username, email: user.email, canSendSms: user.can_send_sms === 1 },
      via,
      phone,
      ...o,
      code,
      purpose,
      minutes: CODE_MINUTES,
    });
    if (delivery.messageId !== undefined) this.messages.set(context(user.id, purpose), delivery.messageId);
    return {
      channel: delivery.channel,
      maskedTo: delivery.maskedTo,
      fallback: via === 'sms' && delivery.channel === 'email',
      resendAfterSeconds: RESEND_SECONDS,
    };
  }

  /**
   * Where the latest code for `purpose` stands now: an SMS the gateway refused after its
   * retries has gone to email instead, and the screen should say so (docs/product.md source page S0).
   */
  async whereNow(userId: number, purpose: CodePurpose): Promise<CodeSentTo | null> {
    const id = this.messages.get(context(userId, purpose));
    const last = await this.repo.latestCode(userId, purpose);
    if (id === undefined || !last) return null;
    const d = await this.messenger().codeDelivery(id);
    if (!d) return null;
    const wait =
      (new Date(last.created_at).getTime() + RESEND_SECONDS * 1000 - this.clock.now().getTime()) / 1000;
    return {
      channel: d.channel,
      maskedTo: d.maskedTo,
      fallback: last.channel === 'sms' && d.channel === 'email',
      resendAfterSeconds: Math.max(0, Math.ceil(wait)),
    };
  }

  /**
   * Checks a typed code in `trx` and uses it up when right. The try is counted before the code
   * is compared, in one statement that refuses a used, expired or used-up code, so parallel
   * guesses cannot exceed MAX_TRIES_PER_CODE. Never throws for a wrong code, so the caller can
   * commit the counted try before reporting the failure.
   */
  async check(trx: Db, userId: number, purpose: CodePurpose, code: string): Promise<CodeCheck> {
    const now = this.clock.now().toISOString();
    const row = await this.repo.takeCodeTry(userId, purpose, now, MAX_TRIES_PER_CODE, trx);
    if (!row) return 'expired';
    if (!this.hasher.matches(code, context(userId, purpose), row.code_hash)) return 'wrong_code';
    return (await this.repo.useCode(row.id, now, trx)) ? 'ok' : 'expired';
  }

  /** Seconds left of the resend cooldown after `last` (0: a new code may go; a used code never holds it). */
  private cooldownLeft(last: { created_at: string; used_at: string | null } | undefined): number {
    if (!last || last.used_at) return 0;
    const ms = new Date(last.created_at).getTime() + RESEND_SECONDS * 1000 - this.clock.now().getTime();
    return Math.max(0, Math.ceil(ms / 1000));
  }
}

function context(userId: number, purpose: string): string {
  return `code:${userId}:${purpose}`;
}
