/** Events main pushes to a window (one-way). Names follow `domain:event`. */
export interface PushEvents {
  /** The window's session ended (revoked, expired, signed out elsewhere): go to sign-in. */
  'session:ended': { reason: 'revoked' | 'expired' | 'signed_out' };
}
export type PushEventName = keyof PushEvents;

/** The single IPC channel that carries push events to the renderer. */
export const PUSH_CHANNEL = 'portcullis:push';
