import type BetterSqlite3 from 'better-sqlite3';
import { renderAuditMessage, type AuditCode } from '../../../../shared/domain/audit-catalog';
import type { GeoLookup } from '../../adapters/geo';
import { describeUserAgent, type DeviceInfo } from '../../adapters/user-agent';
import { chainHash, GENESIS_HASH, type ChainedFields } from '../../security/audit-chain';
import { randomId, sessionHash, sha256 } from '../../security/ids';
import { EVENT_MIX, FIRST_NAMES, IP_PREFIXES, LAST_NAMES, USER_AGENTS, rng } from './demo-data';

/** What to generate. */
export interface DemoOptions {
  users: number;
  events: number;
  /** The argon2id hash of the demo password, computed once and reused for every user. */
  passwordHash: string;
  now: Date;
  /** Months the events are spread over, ending at `now`. */
  months?: number;
  seed?: number;
  onProgress?: (events: number) => void;
}

interface DemoUser {
  id: number;
  username: string;
  sessions: string[];
  ip: string;
  ua: number;
}

const BATCH = 50_000;
const UNKNOWN_DEVICE: DeviceInfo = { deviceType: 'Desktop', browser: 'Unknown', os: 'Unknown' };

function tableExists(db: BetterSqlite3.Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/** Fills a migrated database with users, sessions, tokens and a correctly chained audit log. */
export async function generateDemo(
  db: BetterSqlite3.Database,
  geo: GeoLookup,
  o: DemoOptions,
): Promise<{ users: number; events: number; sessions: number; tokens: number }> {
  const rand = rng(o.seed ?? 7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const ips = Array.from({ length: 400 }, () => `${pick(IP_PREFIXES)}.${1 + Math.floor(rand() * 250)}`);
  const locations = new Map<string, string | null>();
  for (const ip of ips) locations.set(ip, await geo.locate(ip));
  const devices = USER_AGENTS.map(describeUserAgent);
  const nowIso = o.now.toISOString();
  const hasOwner = db.prepare("SELECT 1 FROM users WHERE role = 'owner'").get() !== undefined;
  const base = (db.prepare('SELECT coalesce(max(id), 0) AS n FROM users').get() as { n: number }).n;

  const insertUser =
    db.prepare(`INSERT INTO users (username, display_name, email, role, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?)`);
  const insertCred = db.prepare(
    `INSERT INTO credentials (user_id, kind, hash, created_at) VALUES (?, 'password', ?, ?)`,
  );
  const insertSession =
    db.prepare(`INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at, ip,
    user_agent, device_type, browser, os, location) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const tokens = tableExists(db, 'api_tokens');
  const insertToken = tokens
    ? db.prepare(`INSERT INTO api_tokens (user_id, name, role, token_hash, hint, created_at, expires_at)
        VALUES (?, ?, ?, ?, ?, ?, ?)`)
    : null;
  const users: DemoUser[] = [];
  let sessionCount = 0;
  let tokenCount = 0;
  db.transaction(() => {
    for (let i = 0; i < o.users; i++) {
      const first = pick(FIRST_NAMES);
      const last = pick(LAST_NAMES);
      const username = i === 0 && !hasOwner ? 'owner' : `${first}.${last}${base + i + 1}`;
      const r = rand();
      const role =
        i === 0 && !hasOwner
          ? 'owner'
          : r < 0.02
            ? 'admin'
            : r < 0.05
              ? 'support'
              : r < 0.07
                ? 'auditor'
                : 'member';
      const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
      const name = `${cap(first)} ${cap(last)}`;
      const id = Number(
        insertUser.run(username, name, `${username}@example.com`, role, nowIso, nowIso).lastInsertRowid,
      );
      insertCred.run(id, o.passwordHash, nowIso);
      const u: DemoUser = {
        id,
        username,
        sessions: [randomId(), randomId()],
        ip: pick(ips),
        ua: Math.floor(rand() * devices.length),
      };
      users.push(u);
      const live = Math.floor(rand() * 3);
      for (let s = 0; s < live; s++) {
        const d = devices[u.ua] ?? UNKNOWN_DEVICE;
        const expires = new Date(o.now.getTime() + 8 * 3_600_000).toISOString();
        insertSession.run(
          u.sessions[s % 2],
          id,
          nowIso,
          nowIso,
          expires,
          u.ip,
          USER_AGENTS[u.ua],
          d.deviceType,
          d.browser,
          d.os,
          locations.get(u.ip) ?? 'Unknown',
        );
        sessionCount++;
      }
      if (insertToken && rand() < 0.1) {
        const expires = new Date(o.now.getTime() + 180 * 86_400_000).toISOString();
        insertToken.run(
          id,
          'ci deploy',
          role,
          sha256(randomId()),
          `pcl_…${randomId().slice(0, 4)}`,
          nowIso,
          expires,
        );
        tokenCount++;
      }
    }
  })();

  const last = db.prepare('SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1').get() as
    { hash: string } | undefined;
  let prev = last?.hash ?? GENESIS_HASH;
  const insertEvent =
    db.prepare(`INSERT INTO audit_events (at, code, message, actor_id, actor_name, subject_id,
    subject_name, ip, session_hash, location, device_type, browser, os, details, prev_hash, hash)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  // Bulk load: indexes are rebuilt once at the end (same definitions), which is far faster.
  const indexes = db
    .prepare(
      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_events' AND sql IS NOT NULL",
    )
    .all() as { name: string; sql: string }[];
  if (o.events > 10_000) for (const ix of indexes) db.exec(`DROP INDEX ${ix.name}`);
  const totalWeight = EVENT_MIX.reduce((n, [, w]) => n + w, 0);
  const admins = users.filter((_, i) => i < Math.max(1, Math.ceil(users.length * 0.02)));
  const span = (o.months ?? 6) * 30 * 86_400_000;
  const step = span / Math.max(1, o.events);
  let t = o.now.getTime() - span;
  let burst = 0;
  let burstUser: DemoUser | null = null;
  let burstIp = '';
  let made = 0;
  while (made < o.events) {
    db.transaction(() => {
      const end = Math.min(o.events, made + BATCH);
      for (; made < end; made++) {
        t = Math.min(t + step * (0.5 + rand()), o.now.getTime());
        let code: AuditCode = 'user:logged_in';
        let details: Record<string, unknown> = {};
        let user = pick(users);
        let ip = rand() < 0.9 ? user.ip : pick(ips);
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
            burstIp = pick(ips);
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
        const adminAction =
          code.startsWith('admin') ||
          code === 'session:revoked' ||
          code.startsWith('token') ||
          code.startsWith('settings');
        const actor = adminAction ? pick(admins) : code === 'user:login_failed' ? null : user;
        const subject = code.startsWith('settings') ? null : user;
        const ua = burst > 0 ? (user.ua + 1) % devices.length : user.ua;
        const d = devices[ua] ?? UNKNOWN_DEVICE;
        const fields: ChainedFields = {
          at: new Date(t).toISOString(),
          code,
          message: renderAuditMessage(code, { actor: actor?.username, subject: subject?.username }, details),
          actor_id: actor?.id ?? null,
          actor_name: actor?.username ?? null,
          subject_id: subject?.id ?? null,
          subject_name: subject?.username ?? null,
          ip,
          session_hash: code === 'user:login_failed' ? null : sessionHash(user.sessions[made & 1] ?? ''),
          location: locations.get(ip) ?? null,
          device_type: d.deviceType,
          browser: d.browser,
          os: d.os,
          details: JSON.stringify(details),
        };
        const hash = chainHash(prev, fields);
        insertEvent.run(
          fields.at,
          code,
          fields.message,
          fields.actor_id,
          fields.actor_name,
          fields.subject_id,
          fields.subject_name,
          ip,
          fields.session_hash,
          fields.location,
          d.deviceType,
          d.browser,
          d.os,
          fields.details,
          prev,
          hash,
        );
        prev = hash;
      }
    })();
    o.onProgress?.(made);
  }
  if (o.events > 10_000) for (const ix of indexes) db.exec(ix.sql);
  return { users: users.length, events: made, sessions: sessionCount, tokens: tokenCount };
}
