/** Figures of the administration dashboard (issue 5). */
export interface DashboardStats {
  generatedAt: string;
  users: number;
  twoFactor: { on: number; totp: number; email: number; sms: number };
  activeSessions: number;
  lockedAccounts: number;
  /** Active accounts whose blocking date falls within the next 5 days. */
  blockingSoon: number;
  /** Live API tokens expiring within 7 days. */
  tokensExpiringSoon: number;
  /** Sign-ins and failures per hour over the last 24 hours (24 buckets, oldest first). */
  last24h: SignInBucket[];
  /** Per day over the last 7 days (7 buckets, oldest first). */
  last7d: SignInBucket[];
}

/** One bucket of the sign-in chart; `start` is the bucket's ISO start time. */
export interface SignInBucket {
  start: string;
  signIns: number;
  failures: number;
}
