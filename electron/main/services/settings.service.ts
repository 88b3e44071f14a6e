import { z } from 'zod';
import type { SettingsRepository } from '../db/repositories/settings.repository';

/** Authentication settings (PRODUCT.md F1, F4) with their defaults. */
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
});
export type AuthSettings = z.infer<typeof authSettingsSchema>;

/** Reads settings with defaults filled in; later issues add writing with audit. */
export class SettingsService {
  constructor(private readonly repo: SettingsRepository) {}

  async auth(): Promise<AuthSettings> {
    const stored = await this.repo.get('auth');
    const parsed = authSettingsSchema.safeParse(stored ?? {});
    return parsed.success ? parsed.data : authSettingsSchema.parse({});
  }
}
