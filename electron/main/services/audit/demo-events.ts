import { renderAuditMessage, type AuditCode } from '../../../../shared/domain/audit-catalog';
import { sessionHash } from '../../security/ids';
import type { ChainedFields } from '../../security/audit-chain';
import { EVENT_MIX } from './demo-data';
import { deviceOf, type DemoContext, type DemoUser } from './demo-plan';

/** How many events, over how long. */
export interface DemoEventsInput {
  events: number;
  /** Months the events are spread over, ending at `now`. */
  months?: number | undefined;
  now: Date;
}

const isAdminAction = (code: AuditCode) =>
  code.startsWith('admin') ||
  code === 'session:revoked' ||
  code.startsWith('token') ||
  code.startsWith('settings');

/**
 * The demo's audit events in time order (their chained fields; hashing is the caller's, inside
 * the transaction that reads the chain's head): everyday activity by EVENT_MIX, with the odd
 * burst of failed sign-ins from one address. Shared by both engines.
 */
export function* demoEvents(
  ctx: DemoContext,
  users: readonly DemoUser[],
  o: DemoEventsInput,
): Generator<ChainedFields, void, undefined> {
  const { rand, pick } = ctx;
  const totalWeight = EVENT_MIX.reduce((n, [, w]) => n + w, 0);
  const admins = users.filter((_, i) => i < Math.max(1, Math.ceil(users.length * 0.02)));
  const span = (o.months ?? 6) * 30 * 86_400_000;
  const step = span / Math.max(1, o.events);
  let t = o.now.getTime() - span;
  let burst = 0;
  let burstUser: DemoUser | null = null;
  let burstIp = '';
  for (let made = 0; made < o.events; made++) {
    t = Math.min(t + step * (0.5 + rand()), o.now.getTime());
    let code: AuditCode = 'user:logged_in';
    let details: Record<string, unknown> = {};
    let user = pick(users);
    let ip = rand() < 0.9 ? user.ip : pick(ctx.ips);
    if (burst > 0) {
      burst--;
      user = burstUser ?? user;
      ip = burstIp;
      code = 'user:login_failed';
      details = { reason: 'wrong password' };
    } else {
      if (rand() < 0.0005) {
        burst = 20 + Math.floor(rand() * 40);
        burstUser = user;
        burstIp = pick(ctx.ips);
      }
      let w = rand() * totalWeight;
      for (const [c, weight, d] of EVENT_MIX) {
        if ((w -= weight) <= 0) {
          code = c;
          details = d ?? {};
          break;
        }
      }
    }
    const actor = isAdminAction(code) ? pick(admins) : code === 'user:login_failed' ? null : user;
    const subject = code.startsWith('settings') ? null : user;
    const d = deviceOf(ctx, burst > 0 ? (user.ua + 1) % ctx.devices.length : user.ua);
    yield {
      at: new Date(t).toISOString(),
      code,
      message: renderAuditMessage(code, { actor: actor?.username, subject: subject?.username }, details),
      actor_id: actor?.id ?? null,
      actor_name: actor?.username ?? null,
      subject_id: subject?.id ?? null,
      subject_name: subject?.username ?? null,
      ip,
      session_hash: code === 'user:login_failed' ? null : sessionHash(user.sessions[made & 1] ?? ''),
      location: ctx.locations.get(ip) ?? null,
      device_type: d.deviceType,
      browser: d.browser,
      os: d.os,
      details: JSON.stringify(details),
    };
  }
}
