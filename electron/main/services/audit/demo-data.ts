import type { AuditCode } from '../../../../shared/domain/audit-catalog';

/** Deterministic pseudo-random numbers (mulberry32), so demo data is reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const FIRST_NAMES = [
  'anna',
  'ben',
  'carla',
  'david',
  'elena',
  'farid',
  'grace',
  'hiro',
  'ines',
  'jonas',
  'kira',
  'liam',
  'maya',
  'noah',
  'olga',
  'pavel',
  'quinn',
  'rosa',
  'sami',
  'tara',
  'uma',
  'victor',
  'wen',
  'yusuf',
  'zoe',
];
export const LAST_NAMES = [
  'novak',
  'schmidt',
  'garcia',
  'kowalski',
  'rossi',
  'dubois',
  'ivanova',
  'jensen',
  'okafor',
  'tanaka',
  'silva',
  'murphy',
  'larsen',
  'horvat',
  'popescu',
  'yilmaz',
  'berg',
  'costa',
  'nagy',
  'weber',
];

/** Public addresses from ranges the offline geo database knows (Europe, Americas, Asia). */
export const IP_PREFIXES = [
  '81.2.69',
  '89.160.20',
  '2.125.160',
  '216.160.83',
  '175.16.199',
  '217.65.48',
  '5.61.223',
  '46.101.12',
  '78.46.84',
  '91.198.174',
  '185.86.151',
  '193.0.6',
  '62.210.16',
  '104.244.42',
  '151.101.1',
  '203.0.178',
];

export const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (iPad; CPU OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36 Edg/140.0.0.0',
];

/** Everyday event mix (weights); failure bursts are added on top. */
export const EVENT_MIX: [AuditCode, number, Record<string, unknown>?][] = [
  ['user:logged_in', 40],
  ['user:logged_out', 24],
  ['user:login_failed', 10, { reason: 'wrong password' }],
  ['session:expired', 6, { reason: 'idle timeout' }],
  ['user.profile:updated', 4],
  ['user.preferences:updated', 3],
  ['user.password:changed', 2],
  ['user.password:reset_requested', 1],
  ['user.2fa:enabled', 2],
  ['user.2fa:disabled', 1],
  ['session:revoked', 2],
  ['token:created', 1, { name: 'ci deploy' }],
  ['token:revoked', 1, { name: 'ci deploy' }],
  ['admin.user:unlocked', 1],
  ['user.2fa:disabled_by_admin', 1],
  ['settings:changed', 1, { section: 'authentication' }],
];
