import QRCode from 'qrcode';
import type { Db } from '../../db/connection';
import type { TwoFactorRepository, TwoFactorRow } from '../../db/repositories/two-factor.repository';
import type { UserRow } from '../../db/repositories/user.repository';
import type { Clock } from '../../adapters/clock';
import type { FieldCipher } from '../../security/field-cipher';
import { groupKey, newTotpSecret, totpUri, checkTotp } from '../../security/totp';
import { AppError } from '../../../../shared/result';
import type {
  CodeSentTo,
  TotpSetup,
  TwoFactorMethod,
  TwoFactorStatus,
} from '../../../../shared/ipc/contracts/two-factor.contract';
import type { AuditService } from '../audit/audit.service';
import type { ClientInfo } from '../context';
import type { Messenger } from '../delivery/messenger.port';
import { totpSecretContext, type FactorCheck, type FactorOutcome } from './factor-check';
import type { TwoFactorStepUps } from './step-ups';
import { maskEmail, maskPhone } from './mask';
import type { OneTimeCodes } from './one-time-codes';
import { codeError, toE164 } from './inputs';
import type { UnitOfWork } from '../unit-of-work';

interface Pending {
  method: TwoFactorMethod;
  secret?: string;
  phone?: string;
  expiresAt: number;
}

const SETUP_MINUTES = 15;

/** Two-factor authentication on the user's own security page (docs/product.md F3, source pages S0-S2, S4). */
export class TwoFactorService {
  /** Setups in progress, per user; held in main only (never in the renderer or the file). */
  private readonly pending = new Map<number, Pending>();

  private readonly db: Db;
  private readonly audit: AuditService;
  private readonly messenger: () => Messenger;
  private readonly clock: Clock;

  constructor(
    work: UnitOfWork,
    private readonly repo: TwoFactorRepository,
    private readonly codes: OneTimeCodes,
    private readonly check: FactorCheck,
    private readonly cipher: FieldCipher,
    private readonly stepUps: TwoFactorStepUps,
  ) {
    this.db = work.db;
    this.audit = work.audit;
    this.messenger = () => work.messenger();
    this.clock = work.clock;
  }

  async status(user: UserRow): Promise<TwoFactorStatus> {
    const factor = await this.repo.find(user.id);
    const left = factor ? (await this.repo.unusedBackupCodes(user.id)).length : 0;
    return {
      method: factor?.method ?? null,
      destination: !factor
        ? null
        : factor.method === 'sms' && factor.phone
          ? maskPhone(factor.phone)
          : maskEmail(user.email),
      backupCodesLeft: left,
      email: maskEmail(user.email),
      canSendSms: user.can_send_sms === 1,
    };
  }

  /** A new secret and its QR code; enabling waits for a code from the app. */
  async startTotp(user: UserRow): Promise<TotpSetup> {
    await this.assertOff(user);
    const secret = newTotpSecret();
    this.pending.set(user.id, { method: 'totp', secret, expiresAt: this.expiry() });
    const qrDataUrl = await QRCode.toDataURL(totpUri(user.username, secret), { margin: 2, width: 232 });
    return { qrDataUrl, accountName: user.username, key: groupKey(secret) };
  }

  /** "Send email" / "Send SMS": a code to confirm the address or phone before enabling. */
  async sendCode(user: UserRow, method: 'email' | 'sms', rawPhone: string | undefined): Promise<CodeSentTo> {
    await this.assertOff(user);
    const phone = method === 'sms' ? toE164(rawPhone) : null;
    await this.codes.assertCanSend(user.id, 'enable_2fa');
    const sent = await this.db
      .transaction()
      .execute((trx) => this.codes.issue(trx, user, 'enable_2fa', method, phone));
    this.pending.set(user.id, { method, ...(phone ? { phone } : {}), expiresAt: this.expiry() });
    return sent;
  }

  /** Enables the method being set up when the code is right; returns the backup codes (shown once). */
  async confirm(user: UserRow, code: string, client: ClientInfo): Promise<{ backupCodes: string[] }> {
    const pending = this.pending.get(user.id);
    if (!pending || pending.expiresAt < this.clock.now().getTime())
      throw new AppError('not_found', 'The setup expired. Start again.', {
        rule: 'two_factor_setup_expired',
      });
    await this.assertOff(user);
    const location = await this.audit.locate(client);
    const now = this.clock.now();
    let step: number | null = null;
    if (pending.method === 'totp' && pending.secret) {
      const r = await checkTotp(pending.secret, code, now.getTime(), null);
      if (!r.ok) throw codeError(r.reason);
      step = r.step;
    }
    const backup = this.check.newBackupCodes(user.id);
    const outcome = await this.db.transaction().execute(async (trx): Promise<FactorOutcome> => {
      if (pending.method !== 'totp') {
        const r = await this.codes.check(trx, user.id, 'enable_2fa', code);
        if (r !== 'ok') return { ok: false, reason: r };
      }
      await this.repo.enable(
        {
          user_id: user.id,
          method: pending.method,
          totp_secret: pending.secret
            ? this.cipher.encrypt(pending.secret, totpSecretContext(user.id))
            : null,
          phone: pending.phone ?? null,
          last_totp_step: step,
          enabled_at: now.toISOString(),
        },
        trx,
      );
      await this.repo.replaceBackupCodes(user.id, backup.hashes, now.toISOString(), trx);
      await this.record(trx, 'user.2fa:enabled', user, client, location, { method: pending.method });
      await this.messenger().queueEmail(trx, {
        userId: user.id,
        to: user.email,
        template: 'two_factor_enabled',
        data: { username: user.username, method: pending.method },
      });
      return { ok: true };
    });
    if (!outcome.ok) throw codeError(outcome.reason);
    this.pending.delete(user.id);
    return { backupCodes: backup.plain };
  }

  /** Where the caller's latest code for `purpose` went (an SMS may have fallen back to email). */
  codeStatus(
    user: UserRow,
    purpose: 'enable_2fa' | 'regenerate_backup_codes' | 'disable_2fa',
  ): Promise<CodeSentTo | null> {
    return this.codes.whereNow(user.id, purpose);
  }

  /** Sends a confirmation code (email/SMS methods) before regenerating codes or disabling. */
  async sendConfirmationCode(
    user: UserRow,
    purpose: 'regenerate_backup_codes' | 'disable_2fa',
  ): Promise<CodeSentTo> {
    const factor = await this.requireOn(user);
    if (factor.method === 'totp')
      throw new AppError('invalid_input', 'Use the code from your authenticator app.', {
        rule: 'use_authenticator',
      });
    await this.codes.assertCanSend(user.id, purpose);
    return this.db
      .transaction()
      .execute((trx) =>
        this.codes.issue(trx, user, purpose, factor.method === 'sms' ? 'sms' : 'email', factor.phone),
      );
  }

  /** "Generate new codes": needs a current code (a guess counted toward the lockout). */
  regenerateBackupCodes(user: UserRow, code: string, client: ClientInfo): Promise<{ backupCodes: string[] }> {
    return this.stepUps.regenerateBackupCodes(user, code, client);
  }

  /** Turns the own 2FA off with a current code or the password (a guess counted toward the lockout). */
  disable(user: UserRow, proof: { code: string } | { password: string }, client: ClientInfo): Promise<void> {
    return this.stepUps.disable(user, proof, client);
  }

  private record(
    trx: Db,
    code: 'user.2fa:enabled' | 'user.2fa:disabled' | 'user.2fa:backup_codes_regenerated',
    user: UserRow,
    client: ClientInfo,
    location: string | null,
    details: Record<string, string>,
  ) {
    const at = this.clock.now();
    return this.audit.record(trx, { code, at, actor: user, subject: user, client, details }, location);
  }

  private expiry(): number {
    return this.clock.now().getTime() + SETUP_MINUTES * 60_000;
  }

  private async assertOff(user: UserRow): Promise<void> {
    if (await this.repo.find(user.id))
      throw new AppError(
        'conflict',
        'Two-factor authentication is already on. Disable it first to change the method.',
        { rule: 'two_factor_already_on' },
      );
  }

  private async requireOn(user: UserRow): Promise<TwoFactorRow> {
    const factor = await this.repo.find(user.id);
    if (!factor)
      throw new AppError('not_found', 'Two-factor authentication is not on.', { rule: 'two_factor_not_on' });
    return factor;
  }
}
