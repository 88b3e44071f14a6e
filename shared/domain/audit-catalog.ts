/** Every audit event code with its message template and severity (seed 004 and admin actions). */
export type Severity = 'info' | 'notice' | 'warning';

interface CatalogEntry {
  message: string;
  severity: Severity;
}

/** `{actor}` and `{subject}` are filled with usernames; other `{keys}` from details. */
export const AUDIT_CATALOG = {
  'user:logged_in': { message: '{subject} logged in', severity: 'info' },
  'user:logged_out': { message: '{subject} logged out', severity: 'info' },
  'user:login_failed': { message: 'Login failed for {subject} ({reason})', severity: 'warning' },
  'user:locked': {
    message: '{subject} was locked for {minutes} minutes after too many failed attempts',
    severity: 'warning',
  },
  'user:created': { message: '{actor} created user {subject} with role {role}', severity: 'notice' },
  'user.password:reset_requested': { message: 'Password reset requested for {subject}', severity: 'notice' },
  'user.profile:updated': { message: 'Profile of {subject} updated', severity: 'info' },
  'user.preferences:updated': { message: 'Preferences of {subject} updated', severity: 'info' },
  'user.password:changed': { message: 'Password of {subject} changed', severity: 'notice' },
  'user.2fa:enabled': { message: 'Two-factor authentication enabled for {subject}', severity: 'notice' },
  'user.2fa:disabled': { message: 'Two-factor authentication disabled for {subject}', severity: 'warning' },
  'setup:owner_created': { message: 'First run: owner account {subject} created', severity: 'notice' },
  'session:expired': { message: 'Session of {subject} expired ({reason})', severity: 'info' },
} as const satisfies Record<string, CatalogEntry>;

export type AuditCode = keyof typeof AUDIT_CATALOG;

/** Renders an event's message from its template. */
export function renderAuditMessage(
  code: AuditCode,
  names: { actor?: string | null; subject?: string | null },
  details: Record<string, unknown>,
): string {
  const template: string = AUDIT_CATALOG[code].message;
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    if (key === 'actor') return names.actor ?? 'system';
    if (key === 'subject') return names.subject ?? 'unknown user';
    const value = details[key];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : `{${key}}`;
  });
}
