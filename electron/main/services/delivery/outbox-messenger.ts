import type { Db } from '../../db/connection';
import type { OutboxRepository, OutboxRow } from '../../db/repositories/outbox.repository';
import type { FieldCipher } from '../../security/field-cipher';
import type { Clock } from '../../adapters/clock';
import { AppError } from '../../../../shared/result';
import type { AuditService } from '../audit/audit.service';
import type { DeliveryConfig } from './delivery-config';
import type {
  CodeDelivery,
  CodeRequest,
  EmailRequest,
  Messenger,
  SmsFallbackReason,
  TemplateData,
  TemplateName,
} from './messenger.port';
import { CODE_PLACEHOLDER, catalogFor, maskAddress, renderCodeSms, renderEmail } from './render';
import { languageOf } from '../../db/repositories/user-language.sql';
import type { RetryPolicy } from './retry-policy';

/**
 * Associated data of a sealed code: it opens only for the row it was sealed for and that row's
 * recipient, so a sealed value copied to another row (or an edited recipient) cannot be sent.
 */
export function codeContext(row: { id: number; recipient: string }): string {
  return `outbox:${row.id}:${row.recipient}`;
}

/** What versions before row binding used: such rows are failed, never sent (codes live minutes). */
const UNBOUND_CONTEXT = 'outbox:code';

/** The row's one-time code (null when it has none), or why it cannot be sent. */
export function openCode(
  cipher: FieldCipher,
  row: Pick<OutboxRow, 'id' | 'recipient' | 'secret'>,
): { ok: true; code: string | null } | { ok: false; reason: string } {
  if (row.secret === null) return { ok: true, code: null };
  try {
    return { ok: true, code: cipher.decrypt(row.secret, codeContext(row)) };
  } catch {
    // Not sealed for this row: tell an old unbound seal apart from a moved or damaged one.
  }
  try {
    cipher.decrypt(row.secret, UNBOUND_CONTEXT);
    return {
      ok: false,
      reason:
        'This code was sealed by an earlier version of Portcullis without binding it to its message, so it was not sent. Codes are valid for minutes only: ask for a new code.',
    };
  } catch {
    return {
      ok: false,
      reason:
        'The code in this message could not be decrypted for this message and recipient (moved from another message, damaged, or sealed with another database key), so it was not sent. Ask for a new code.',
    };
  }
}

/** Notices the *E-mail notifications* account service switches off; codes and tests always go. */
export const NOTIFICATION_TEMPLATES: ReadonlySet<TemplateName> = new Set<TemplateName>([
  'password_changed',
  'two_factor_enabled',
  'two_factor_disabled',
  'two_factor_disabled_by_admin',
  'backup_codes_regenerated',
  'email_changed_notice',
  'blocking_notice',
]);

/** The Messenger port over the transactional outbox (docs/product.md F8). */
export class OutboxMessenger implements Messenger {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly config: DeliveryConfig,
    private readonly cipher: FieldCipher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly policy: RetryPolicy,
    /** Wakes the delivery worker (it waits for the transaction's commit on its own). */
    private readonly wake: () => void = () => undefined,
  ) {}

  async queueEmail<T extends TemplateName>(trx: Db, request: EmailRequest<T>): Promise<void> {
    if (NOTIFICATION_TEMPLATES.has(request.template) && !(await this.config.services(trx)).emailEnabled)
      return;
    await this.insertEmail(trx, request.userId, request.to, request.template, request.data);
  }

  async queueCode(trx: Db, r: CodeRequest): Promise<CodeDelivery> {
    const data = { username: r.user.username, code: r.code, purpose: r.purpose, minutes: r.minutes };
    if (r.via === 'sms') {
      const reason = await this.smsBlocker(trx, r);
      const phone = r.phone;
      if (r.emailFallback === false && (reason || !phone))
        throw new AppError(
          'invalid_input',
          'An SMS cannot be sent to this account right now. Use a backup code, or ask support for help.',
          { reason: reason ?? 'no_phone', rule: 'sms_unavailable' },
        );
      if (!reason && phone) {
        const now = this.clock.now().toISOString();
        const messageId = await this.outbox.insertSealed(
          {
            created_at: now,
            updated_at: now,
            user_id: r.user.id,
            channel: 'sms',
            recipient: phone,
            template: 'verification_code',
            data: JSON.stringify({ ...data, code: CODE_PLACEHOLDER }),
            body_text: renderCodeSms(
              { ...data, code: CODE_PLACEHOLDER },
              catalogFor(await languageOf(trx, r.user.id)),
            ),
            fallback_email: r.emailFallback === false ? null : r.user.email,
            max_attempts: this.policy.sms.maxAttempts,
            next_attempt_at: now,
          },
          (id) => this.cipher.encrypt(r.code, codeContext({ id, recipient: phone })),
          trx,
        );
        this.wake();
        return { channel: 'sms', maskedTo: maskAddress(phone), messageId };
      }
      const messageId = await this.insertEmail(trx, r.user.id, r.user.email, 'verification_code', data);
      const maskedTo = maskAddress(r.user.email);
      const fallbackReason = reason ?? 'no_phone';
      await this.recordFallback(trx, r.user, fallbackReason, maskedTo);
      return { channel: 'email', maskedTo, fallbackReason, messageId };
    }
    const messageId = await this.insertEmail(trx, r.user.id, r.user.email, 'verification_code', data);
    return { channel: 'email', maskedTo: maskAddress(r.user.email), messageId };
  }

  async codeDelivery(messageId: number): Promise<CodeDelivery | undefined> {
    const row = await this.outbox.get(messageId);
    if (!row) return undefined;
    if (row.channel === 'sms' && row.fallback_id !== null && row.fallback_email) {
      const stored = JSON.parse(row.data) as { fallbackReason?: SmsFallbackReason };
      return {
        channel: 'email',
        maskedTo: maskAddress(row.fallback_email),
        fallbackReason: stored.fallbackReason ?? 'gateway_error',
        messageId: row.fallback_id,
      };
    }
    return { channel: row.channel, maskedTo: maskAddress(row.recipient), messageId };
  }

  /** `codeDelivery` for the user the code was for only (the screen asking about its own code). */
  async codeDeliveryFor(messageId: number, userId: number): Promise<CodeDelivery | undefined> {
    const row = await this.outbox.get(messageId);
    return row?.user_id === userId ? this.codeDelivery(messageId) : undefined;
  }

  /** Why an SMS cannot be attempted right now, or null when it can. */
  private async smsBlocker(trx: Db, r: CodeRequest): Promise<SmsFallbackReason | null> {
    if (!r.phone) return 'no_phone';
    const services = await this.config.services(trx);
    if (!services.smsEnabled) return 'service_off';
    if (services.smsAvailable <= 0) return 'no_messages_left';
    if (!r.user.canSendSms) return 'no_right';
    return null;
  }

  /** Queues an email in the recipient's language (English without one), sealing a one-time code out of the stored body. */
  async insertEmail<T extends TemplateName>(
    trx: Db,
    userId: number | null,
    to: string,
    template: T,
    data: TemplateData[T],
  ): Promise<number> {
    const code = 'code' in data && typeof data.code === 'string' ? data.code : null;
    const stored = code === null ? data : { ...data, code: CODE_PLACEHOLDER };
    const language = userId === null ? null : await languageOf(trx, userId);
    const rendered = renderEmail(template, stored, catalogFor(language));
    const now = this.clock.now().toISOString();
    const row = {
      created_at: now,
      updated_at: now,
      user_id: userId,
      channel: 'email' as const,
      recipient: to,
      template,
      data: JSON.stringify(stored),
      subject: rendered.subject,
      body_text: rendered.text,
      body_html: rendered.html,
      max_attempts: this.policy.email.maxAttempts,
      next_attempt_at: now,
    };
    const id =
      code === null
        ? await this.outbox.insert({ ...row, secret: null }, trx)
        : await this.outbox.insertSealed(
            row,
            (rowId) => this.cipher.encrypt(code, codeContext({ id: rowId, recipient: to })),
            trx,
          );
    this.wake();
    return id;
  }

  /** The audit event for an SMS that went to email instead (docs/product.md source page S0). */
  async recordFallback(
    trx: Db,
    user: { id: number; username: string },
    reason: SmsFallbackReason,
    maskedTo: string,
  ): Promise<void> {
    await this.audit.record(
      trx,
      {
        code: 'delivery.sms:fallback',
        at: this.clock.now(),
        subject: { id: user.id, username: user.username },
        details: { reason, to: maskedTo },
      },
      null,
    );
  }
}
