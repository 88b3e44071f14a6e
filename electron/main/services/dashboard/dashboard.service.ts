import type { Db } from '../../db/connection';
import {
  countActiveSessions,
  countBlockingBetween,
  countLockedAccounts,
  countTokensExpiringBetween,
  signInCounts,
  usersByTwoFactorMethod,
} from '../../db/repositories/dashboard.sql';
import type { Clock } from '../../adapters/clock';
import type { DashboardStats, SignInBucket } from '../../../../shared/domain/dashboard';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The administration dashboard's figures (the queries are in db/repositories/dashboard.sql.ts). */
export class DashboardService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async stats(): Promise<DashboardStats> {
    const now = this.clock.now();
    const iso = now.toISOString();
    const methods = await usersByTwoFactorMethod(this.db);
    const by = (m: string | null) => methods.find((r) => r.two_factor_method === m)?.n ?? 0;
    const activeSessions = await countActiveSessions(this.db, iso);
    const lockedAccounts = await countLockedAccounts(this.db, iso);
    const blockingSoon = await countBlockingBetween(
      this.db,
      iso,
      new Date(now.getTime() + 5 * DAY).toISOString(),
    );
    const tokensExpiringSoon = await countTokensExpiringBetween(
      this.db,
      iso,
      new Date(now.getTime() + 7 * DAY).toISOString(),
    ).catch(() => 0);
    const total = methods.reduce((a, r) => a + r.n, 0);
    return {
      generatedAt: iso,
      users: total,
      twoFactor: { on: total - by(null), totp: by('totp'), email: by('email'), sms: by('sms') },
      activeSessions,
      lockedAccounts,
      blockingSoon,
      tokensExpiringSoon,
      last24h: await this.buckets(now, HOUR, 24, 13),
      last7d: await this.buckets(now, DAY, 7, 10),
    };
  }

  /** Sign-ins and failures grouped by ISO prefix (13 chars = hour, 10 = day). */
  private async buckets(now: Date, size: number, n: number, prefix: number): Promise<SignInBucket[]> {
    const end = Math.floor(now.getTime() / size) * size + size;
    const from = new Date(end - n * size).toISOString();
    const rows = await signInCounts(this.db, from, prefix);
    const out: SignInBucket[] = [];
    for (let i = 0; i < n; i++) {
      const start = new Date(end - (n - i) * size).toISOString();
      const key = start.slice(0, prefix);
      const pick = (code: string) => rows.find((r) => r.k === key && r.code === code)?.n ?? 0;
      out.push({ start, signIns: pick('user:logged_in'), failures: pick('user:login_failed') });
    }
    return out;
  }
}
