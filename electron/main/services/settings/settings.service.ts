import { z } from 'zod';
import type { Db } from '../../db/connection';
import type { SettingsRepository } from '../../db/repositories/settings.repository';
import type { Clock } from '../../adapters/clock';
import { ROLES } from '../../../../shared/domain/roles';
import { AppError } from '../../../../shared/result';
import type { AuditService } from '../audit/audit.service';
import type { Actor, ClientInfo } from '../context';
import {
  loadPasswordPolicy,
  PASSWORD_POLICY_KEY,
  passwordPolicySchema,
  type FullPasswordPolicy,
} from './password-policy';

/** Authentication settings (docs/product.md F1, F4) with their defaults. */
export const authSettingsSchema = z.object({
  maxPasswordAttempts: z.number().int().min(1).max(100).default(5),
  lockoutMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  maxCodeAttempts: z.number().int().min(1).max(100).default(5),
  sessionIdleMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(30),
  sessionLifetimeHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(12),
  /** Roles whose members must turn on two-factor authentication. */
  twoFactorRequiredRoles: z.array(z.enum(ROLES)).max(ROLES.length).default([]),
  /** "Forgot your password?" on the sign-in screen: a code by email (on unless switched off). */
  selfServiceRecovery: z.boolean().default(true),
  /** Who to contact when it is off; the sign-in screen shows this text instead. */
  recoveryContact: z.string().trim().max(300).default(''),
});
export type AuthSettings = z.infer<typeof authSettingsSchema>;

/** Where settings writes come from (the CLI passes a null actor). */
export interface SettingsWriter {
  actor: Actor | null;
  client: ClientInfo;
}

/** Optional write dependencies: read-only callers (CLI helpers, tests) may leave them out. */
export interface SettingsWriteDeps {
  db: Db;
  audit: AuditService;
  clock: Clock;
}

/** Reads settings with defaults filled in; writes them validated, with a before/after audit event. */
export class SettingsService {
  constructor(
    private readonly repo: SettingsRepository,
    private readonly write?: SettingsWriteDeps,
  ) {}

  async auth(): Promise<AuthSettings> {
    const stored = await this.repo.get('auth');
    const parsed = authSettingsSchema.safeParse(stored ?? {});
    return parsed.success ? parsed.data : authSettingsSchema.parse({});
  }

  /** The password policy (enforced in password-policy.ts by the my-security service). */
  passwordPolicySettings(): Promise<FullPasswordPolicy> {
    return loadPasswordPolicy(this.repo);
  }

  /** Saves authentication settings (validated, whole object). */
  async saveAuth(value: z.input<typeof authSettingsSchema>, by: SettingsWriter): Promise<AuthSettings> {
    // The recovery fields keep their current value when left out (older callers do not send them).
    const current = await this.auth();
    const next = authSettingsSchema.parse({
      ...value,
      selfServiceRecovery: value.selfServiceRecovery ?? current.selfServiceRecovery,
      recoveryContact: value.recoveryContact ?? current.recoveryContact,
    });
    await this.save('auth', 'authentication', current, next, by);
    return next;
  }

  /** Saves the password policy (validated: max length at least 64 and not below min length). */
  async savePasswordPolicy(
    value: Omit<FullPasswordPolicy, 'contextWords'> & { contextWords?: string[] | undefined },
    by: SettingsWriter,
  ): Promise<FullPasswordPolicy> {
    const current = await this.passwordPolicySettings();
    const parsed = passwordPolicySchema.parse({
      ...value,
      contextWords: value.contextWords ?? current.contextWords,
    });
    // Words are compared in lower case; keep each once, in the order given.
    const next = { ...parsed, contextWords: [...new Set(parsed.contextWords)] };
    if (next.maxLength < next.minLength)
      throw new AppError('invalid_input', 'The maximum length must not be below the minimum length.', {
        field: 'maxLength',
        rule: 'max_below_min',
      });
    await this.save(PASSWORD_POLICY_KEY, 'password policy', current, next, by);
    return next;
  }

  private async save<T extends Record<string, unknown>>(
    key: string,
    section: string,
    before: T,
    after: T,
    by: SettingsWriter,
  ): Promise<void> {
    if (!this.write) throw new Error('SettingsService was built without write dependencies.');
    const { db, audit, clock } = this.write;
    const changed = Object.keys(after).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    if (changed.length === 0) return;
    const location = await audit.locate(by.client);
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      await this.repo.set(key, after, now.toISOString(), trx);
      await audit.record(
        trx,
        {
          code: 'settings:changed',
          at: now,
          actor: by.actor ? { id: by.actor.id, username: by.actor.username } : null,
          client: by.client,
          sessionId: by.actor?.sessionId ?? null,
          details: {
            section,
            before: Object.fromEntries(changed.map((k) => [k, before[k]])),
            after: Object.fromEntries(changed.map((k) => [k, after[k]])),
          },
        },
        location,
      );
    });
  }
}
