import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestApp } from '../support/services';

/** What kind of secret a value is; the at-rest scan reports per kind. */
export type SecretKind =
  | 'password'
  | 'totp key'
  | 'backup code'
  | 'one-time code'
  | 'api token'
  | 'smtp credential'
  | 'sms credential'
  | 'linked-service credential';

/** What `keep` writes to secrets.json. */
export interface KeptSecrets {
  secrets: { kind: SecretKind; value: string }[];
  canaries: string[];
}

/** Where the e2e suite keeps each test's database, WAL, log and secrets for the final at-rest scan. */
export const AT_REST_DIR = join(
  process.env.PORTCULLIS_TEST_RESULTS ?? join(__dirname, '../../test-results'),
  'at-rest',
);

/** Too short to scan without matching unrelated bytes by chance (e.g. a 3-letter wrong password). */
const MIN_LENGTH = 6;

/** Request fields that carry a secret, by channel prefix where the same name means different kinds. */
function requestKind(channel: string, key: string): SecretKind | null {
  if (channel.startsWith('mail:')) return key === 'password' ? 'smtp credential' : null;
  if (channel.startsWith('sms:'))
    return key === 'twilioAuthToken' || key === 'webhookToken' ? 'sms credential' : null;
  if (channel.startsWith('linkedToken:') && key === 'token') return 'linked-service credential';
  if (key === 'password' || key === 'currentPassword' || key === 'newPassword') return 'password';
  // `code` elsewhere (e.g. the audit filter) is an event code, not a secret.
  if (key === 'code' && /^(auth|twoFactor|account|passwordReset):/.test(channel))
    return channel === 'auth:useBackupCode' ? 'backup code' : 'one-time code';
  return null;
}

/** Response fields that carry a secret shown once. */
function resultKind(channel: string, key: string): SecretKind | null {
  if (channel === 'tokens:create' && key === 'secret') return 'api token';
  if (channel === 'twoFactor:startTotp' && key === 'key') return 'totp key';
  if (key === 'backupCodes') return 'backup code';
  return null;
}

function walk(value: unknown, visit: (key: string, v: unknown) => void): void {
  if (Array.isArray(value)) for (const v of value) walk(v, visit);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      visit(k, v);
      walk(v, visit);
    }
}

/**
 * Collects every secret one e2e test used: what crossed the IPC bridge (passwords typed, codes,
 * credentials typed into settings; token secrets, TOTP keys and backup codes shown once), the codes
 * in every delivered email and SMS, and what the test registers itself (e.g. the loopback servers'
 * credentials). `keep` copies the test's database, WAL and log lines for the suite-wide scan.
 */
export class SecretRecorder {
  private readonly found = new Map<string, SecretKind>();
  /** Names the app does store in plain text (usernames signed in with): the scan must find them. */
  private readonly canaries = new Set<string>();

  add(kind: SecretKind, value: string): void {
    const v = value.trim();
    if (v.length >= MIN_LENGTH && !this.found.has(v)) this.found.set(v, kind);
  }

  /** A call over the bridge: secrets in the payload (whatever the answer) and in an ok answer. */
  fromCall(channel: string, payload: unknown, result: unknown): void {
    const ok = (result as { ok?: boolean } | null)?.ok === true;
    walk(payload, (key, v) => {
      const kind = requestKind(channel, key);
      // A rejected code is a guess, not a secret; a rejected password may be a typo of the real one.
      if (kind && typeof v === 'string' && (ok || kind !== 'one-time code')) this.add(kind, v);
    });
    if (!ok) return;
    walk(payload, (key, v) => {
      if ((key === 'login' || key === 'username') && typeof v === 'string' && v.trim().length >= MIN_LENGTH)
        this.canaries.add(v.trim());
    });
    walk((result as { value?: unknown }).value, (key, v) => {
      const kind = resultKind(channel, key);
      if (!kind) return;
      if (typeof v === 'string') this.add(kind, kind === 'totp key' ? v.replace(/\s+/g, '') : v);
      if (Array.isArray(v)) for (const item of v) if (typeof item === 'string') this.add(kind, item);
    });
  }

  /** The six-digit codes in a delivered message. */
  fromMessage(text: string): void {
    for (const m of text.matchAll(/(?<![0-9])[0-9]{6}(?![0-9])/g)) this.add('one-time code', m[0]);
  }

  get size(): number {
    return this.found.size;
  }

  /**
   * Copies the database and its WAL as they are on disk now (call before closing: a clean close
   * checkpoints the WAL away), plus the app's log lines and the secrets, under AT_REST_DIR/name.
   */
  keep(name: string, app: TestApp): string {
    const dir = join(AT_REST_DIR, name);
    mkdirSync(dir, { recursive: true });
    for (const suffix of ['', '-wal'])
      if (existsSync(app.dbPath + suffix)) copyFileSync(app.dbPath + suffix, join(dir, `open.db${suffix}`));
    writeFileSync(join(dir, 'app.log'), app.logger.lines.map((l) => JSON.stringify(l)).join('\n'));
    const record: KeptSecrets = {
      secrets: [...this.found].map(([value, kind]) => ({ kind, value })),
      canaries: [...this.canaries],
    };
    writeFileSync(join(dir, 'secrets.json'), JSON.stringify(record));
    return dir;
  }

  /** After a clean close: the checkpointed database file. */
  static keepClosed(dir: string, app: TestApp): void {
    if (existsSync(app.dbPath)) copyFileSync(app.dbPath, join(dir, 'closed.db'));
  }
}
