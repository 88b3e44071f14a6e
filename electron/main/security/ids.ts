import { createHash, randomBytes } from 'node:crypto';

/** A random identifier (128 bits, hex). */
export function randomId(): string {
  return randomBytes(16).toString('hex');
}

/** SHA-256 hex digest. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The short session hash shown in audit rows; never the session id itself. */
export function sessionHash(sessionId: string): string {
  return sha256(`session:${sessionId}`).slice(0, 16);
}
