/** How often and how patiently the worker retries a channel. */
export interface ChannelPolicy {
  maxAttempts: number;
  /** Delay before the second attempt; doubles each time, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface RetryPolicy {
  email: ChannelPolicy;
  /** SMS codes expire in minutes, so the gateway gets fewer, quicker tries before email takes over. */
  sms: ChannelPolicy;
}

/** Defaults: email up to 8 tries over about an hour; SMS 3 tries within a minute. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  email: { maxAttempts: 8, baseDelayMs: 30_000, maxDelayMs: 30 * 60_000 },
  sms: { maxAttempts: 3, baseDelayMs: 10_000, maxDelayMs: 60_000 },
};

/** Exponential backoff: the wait after the `attempts`-th failed attempt. */
export function backoffMs(policy: ChannelPolicy, attempts: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
}
