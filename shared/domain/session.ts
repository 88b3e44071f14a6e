/** One sign-in session, as shown on the sessions pages. */
export interface SessionView {
  id: string;
  userId: number;
  username: string;
  deviceType: string;
  browser: string;
  os: string;
  ip: string;
  location: string;
  userAgent: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  current: boolean;
}
