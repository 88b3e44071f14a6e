/** Every audit event code with its message template and severity (docs/product.md source page S4 and admin actions). */
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
  'user.password:reset_requested': { message: 'Requested a password reset', severity: 'notice' },
  'user.profile:updated': { message: 'Profile of {subject} updated', severity: 'info' },
  'user.preferences:updated': { message: 'Preferences of {subject} updated', severity: 'info' },
  'user.password:changed': { message: 'Password of {subject} changed', severity: 'notice' },
  'user.2fa:enabled': { message: 'Two-factor authentication enabled for {subject}', severity: 'notice' },
  'user.2fa:disabled': { message: 'Two-factor authentication disabled for {subject}', severity: 'warning' },
  'user.2fa:backup_codes_regenerated': {
    message: 'New backup codes generated for {subject}',
    severity: 'notice',
  },
  'user.2fa:backup_code_used': {
    message: '{subject} used a backup code ({remaining} left)',
    severity: 'notice',
  },
  'user.2fa:disabled_by_admin': {
    message: '{actor} disabled two-factor authentication for {subject}: {reason}',
    severity: 'warning',
  },
  'setup:owner_created': { message: 'First run: owner account {subject} created', severity: 'notice' },
  'session:expired': { message: 'Session of {subject} expired ({reason})', severity: 'info' },
  'linked_token:updated': {
    message: '{actor} updated the linked service token ({region}, {source})',
    severity: 'notice',
  },
  // Admin actions (docs/product.md F7); helpers add their own codes below this block.
  'admin.user:unlocked': { message: '{actor} unlocked {subject}', severity: 'notice' },
  'admin.user:blocked': { message: '{actor} blocked {subject}', severity: 'warning' },
  'admin.user:unblocked': { message: '{actor} unblocked {subject}', severity: 'notice' },
  'admin.user:updated': { message: '{actor} updated user {subject}', severity: 'notice' },
  'session:revoked': { message: '{actor} revoked a session of {subject}', severity: 'notice' },
  'token:created': { message: '{actor} created API token {name} for {subject}', severity: 'notice' },
  'token:revoked': { message: '{actor} revoked API token {name} of {subject}', severity: 'notice' },
  'admin.user:password_change_forced': {
    message: '{actor} required {subject} to change the password at next sign-in',
    severity: 'notice',
  },
  'admin.user:password_reset_sent': {
    message: '{actor} sent a password reset code to {subject}',
    severity: 'notice',
  },
  'admin.sessions:revoked_all': {
    message: '{actor} ended all {count} sessions of {subject}',
    severity: 'warning',
  },
  'user.password:reset': { message: '{subject} set a new password with a reset code', severity: 'notice' },
  'user:blocked_on_date': {
    message: '{subject} was blocked on the blocking date {date}',
    severity: 'warning',
  },
  'settings:changed': { message: '{actor} changed {section} settings', severity: 'notice' },
  'audit:exported': { message: '{actor} exported {count} audit events as {format}', severity: 'notice' },
  'audit:retention_applied': {
    message: 'Audit retention removed {removed} events older than {days} days',
    severity: 'warning',
  },
  // Issue 18: the directory's export-signing key.
  'audit:signing_key_rotated': {
    message: '{actor} replaced the audit signing key {previous} with {fingerprint}',
    severity: 'warning',
  },
  'audit:signing_key_revoked': {
    message: '{actor} marked the audit signing key {fingerprint} revoked',
    severity: 'warning',
  },
  'audit:signing_key_saved': {
    message: '{actor} saved the public signing key {fingerprint} as {file}',
    severity: 'info',
  },
  // Delivery (issue 8): outbox, SMS fallback, mail/SMS settings and account services.
  'delivery.sms:fallback': {
    message: 'SMS to {subject} could not be sent ({reason}); the code was emailed to {to}',
    severity: 'notice',
  },
  'delivery.outbox:retried': { message: '{actor} retried outgoing message #{id}', severity: 'info' },
  'delivery.outbox:cancelled': { message: '{actor} cancelled outgoing message #{id}', severity: 'notice' },
  'settings.mail:updated': { message: '{actor} changed the mail (SMTP) settings', severity: 'notice' },
  'settings.sms:updated': { message: '{actor} changed the SMS gateway settings', severity: 'notice' },
  'settings.services:updated': { message: '{actor} changed the account services', severity: 'notice' },
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

/** Filter groups for the audit log page. */
export const AUDIT_GROUPS = [
  'sign-in',
  'password',
  '2fa',
  'sessions',
  'tokens',
  'admin',
  'settings',
  'export',
] as const;
export type AuditGroup = (typeof AUDIT_GROUPS)[number];

const GROUP_RULES: [RegExp, AuditGroup][] = [
  [/^user:(logged_in|logged_out|login_failed|locked)$|^auth[.:]|^user\.signin/, 'sign-in'],
  [/^user\.password[.:]|^password[.:]/, 'password'],
  [/^user\.2fa[.:]|^user\.backup_codes[.:]|^2fa[.:]/, '2fa'],
  [/^session[.:]|^sessions[.:]/, 'sessions'],
  [/^token[.:]|^tokens[.:]|^linked/, 'tokens'],
  [/^settings[.:]|^services[.:]|^smtp|^sms|^user\.(profile|preferences)[.:]/, 'settings'],
  [/^audit[.:]/, 'export'],
];

/** The group a code belongs to; admin actions and anything unmatched fall in "admin". */
export function auditGroupOf(code: string): AuditGroup {
  if (/^admin[.:]/.test(code)) return 'admin';
  for (const [re, group] of GROUP_RULES) if (re.test(code)) return group;
  return 'admin';
}

/** Every catalogued code of one group (for `code IN (...)` filters). */
export function auditCodesOf(group: AuditGroup): string[] {
  return Object.keys(AUDIT_CATALOG).filter((c) => auditGroupOf(c) === group);
}
