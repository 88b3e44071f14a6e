import { sql } from 'kysely';
import type { Db } from '../../db/connection';
import type { Clock } from '../../adapters/clock';
import type { DashboardStats, SignInBucket } from '../../../../shared/domain/dashboard';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The administration dashboard's figures, each one indexed SQL query. */
export class DashboardService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async stats(): Promise<DashboardStats> {
    const now = this.clock.now();
    const iso = now.toISOString();
    const methods = await this.db
      .selectFrom('users')
      .select(['two_factor_method', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('two_factor_method')
      .execute();
    const by = (m: string | null) => methods.find((r) => r.two_factor_method === m)?.n ?? 0;
    const count = async (q: Promise<{ n: number } | undefined>) => (await q)?.n ?? 0;
    const activeSessions = await count(
      this.db
        .selectFrom('sessions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('ended_at', 'is', null)
        .where('expires_at', '>', iso)
        .executeTakeFirst(),
    );
    const lockedAccounts = await count(
      this.db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'active')
        .where('locked_until', '>', iso)
        .executeTakeFirst(),
    );
    const blockingSoon = await count(
      this.db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'active')
        .where('blocking_date', '>', iso)
        .where('blocking_date', '<=', new Date(now.getTime() + 5 * DAY).toISOString())
        .executeTakeFirst(),
    );
    const tokensExpiringSoon = await count(
      this.db
        .selectFrom('api_tokens')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', iso)
        .where('expires_at', '<=', new Date(now.getTime() + 7 * DAY).toISOString())
        .executeTakeFirst(),
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
    const rows = await this.db
      .selectFrom('audit_events')
      .select([
        sql<string>`substr(at, 1, ${prefix})`.as('k'),
        'code',
        (eb) => eb.fn.countAll<number>().as('n'),
      ])
      .where('code', 'in', ['user:logged_in', 'user:login_failed'])
      .where('at', '>=', from)
      .groupBy([sql`k`, 'code'])
      .execute();
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
