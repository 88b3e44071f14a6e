import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Keychain } from '../adapters/keychain.port';

/** Every session token starts with this, so people and secret scanners recognise it. */
export const SESSION_TOKEN_PREFIX = 'pcs_';
const PATTERN = /^pcs_([0-9a-f]{32})\.([A-Za-z0-9_-]{43})$/;

/** Keychain account of the key that signs session tokens, one per directory (instance id). */
export function sessionTokenKeyAccount(instanceId: string): string {
  return `server-session-key:${instanceId}`;
}

/**
 * Session tokens handed out by sign-in over HTTP: `pcs_<session id>.<HMAC of it>`. The session id
 * alone is not enough (administrators see session ids on the Sessions page), the HMAC needs the
 * server's key, which lives with the other keys (keychain or key file) and never in the database.
 * Nothing is stored per token: every call resolves the session in the database, so a revoked
 * session is refused at once, by any server holding the same key.
 */
export class SessionTokens {
  private constructor(private readonly key: Buffer) {}

  /** Loads the signing key, creating it on first start. */
  static async load(keychain: Keychain, instanceId: string): Promise<SessionTokens> {
    const account = sessionTokenKeyAccount(instanceId);
    let stored = await keychain.get(account);
    if (stored === null) {
      stored = randomBytes(32).toString('base64');
      await keychain.set(account, stored);
    }
    const key = Buffer.from(stored, 'base64');
    if (key.length !== 32)
      throw new Error(`The session token key (${account}) is damaged: expected 32 bytes.`);
    return new SessionTokens(key);
  }

  private mac(sessionId: string): string {
    return createHmac('sha256', this.key)
      .update(`portcullis session token v1:${sessionId}`)
      .digest('base64url');
  }

  /** The bearer token of a session. */
  issue(sessionId: string): string {
    return `${SESSION_TOKEN_PREFIX}${sessionId}.${this.mac(sessionId)}`;
  }

  /** The session id a token names, or null when it is malformed or its HMAC is wrong. */
  sessionIdOf(token: string): string | null {
    const m = PATTERN.exec(token);
    if (!m?.[1] || !m[2]) return null;
    const given = Buffer.from(m[2]);
    const expected = Buffer.from(this.mac(m[1]));
    return given.length === expected.length && timingSafeEqual(given, expected) ? m[1] : null;
  }
}
