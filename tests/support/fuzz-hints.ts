import type { FieldHints } from './zod-arbitrary';
import type { FuzzCaller, FuzzWorld } from './fuzz-world';

/** Answers the fuzzer has seen, whose ids make good hostile input for later calls. */
export interface SeenIds {
  exports: string[];
  reviews: string[];
}

/**
 * Hostile-but-valid values by contract field name, for one caller: other users' ids, sessions,
 * logins and contact details (the victim's first), the caller's own password (so handlers get
 * past the check), boundary ids. Network fields (SMTP host and port, SMS gateway URLs) get
 * loopback values only: schema-valid random hosts would send mail to the internet.
 */
export function hintsFor(
  w: FuzzWorld,
  c: FuzzCaller,
  seen: SeenIds,
): { hints: FieldHints; only: ReadonlySet<string> } {
  const db = w.app.container.database.sqlite;
  const v = w.victim;
  const col = (sql: string, ...args: unknown[]) =>
    (
      db
        .prepare(sql)
        .raw()
        .all(...args) as unknown[][]
    ).map((r) => r[0]);
  const userIds = () => [
    v.userId,
    ...col('SELECT id FROM users ORDER BY id LIMIT 12'),
    2 ** 31,
    Number.MAX_SAFE_INTEGER,
  ];
  const numericIds = () => [
    ...userIds(),
    ...col('SELECT id FROM api_tokens ORDER BY id DESC LIMIT 6'),
    ...col('SELECT id FROM outbox WHERE user_id = ? ORDER BY id DESC LIMIT 4', v.userId),
    ...col('SELECT id FROM outbox ORDER BY id DESC LIMIT 4'),
  ];
  const sessionIds = () => [v.sessionId, ...col('SELECT id FROM sessions ORDER BY created_at DESC LIMIT 8')];
  const logins = () => [
    'bob',
    'BOB',
    ' bob ',
    'bob@corp.example',
    'olga',
    'adam',
    c.username ?? 'nobody',
    'nobody',
  ];
  const emails = () => [
    'bob@corp.example',
    'BOB@corp.example',
    'bob.private@home.example',
    'olga@example.com',
    `${c.username ?? 'x'}@corp.example`,
  ];
  const filterText = () => [...logins(), '%', '_', '%bob%', "' OR 1=1 --", '81.2.69.142'];
  // The test clock starts at 2026-03-02T09:00Z: one past and one future moment written in other zones.
  const instants = () => [
    '2026-03-02T20:00:00+13:00',
    '2026-03-02T05:00:00-05:00',
    '2026-03-02T08:00:00.000+00:00',
    new Date(w.app.clock.now().getTime() + 86_400_000).toISOString(),
  ];
  const hints: FieldHints = {
    id: () => [...numericIds(), ...seen.exports, ...seen.reviews, v.sessionId],
    userId: userIds,
    // Numbers for one element, whole lists for the field: one target at a time, or every fixture user.
    userIds: () => [...userIds(), [v.userId], userIds().slice(0, 7)],
    messageId: numericIds,
    sessionId: sessionIds,
    login: logins,
    username: () => ['bob', 'olga', 'admin', 'root', c.username ?? 'x'],
    user: filterText,
    search: filterText,
    text: filterText,
    ip: () => ['81.2.69.142', '127.0.0.1', '::1', '%', "' OR 1=1 --"],
    email: emails,
    // An email or phone for test sends, an instant for audit filters: each leaf keeps what it accepts.
    to: () => [...emails(), '+447700900555', ...instants()],
    phone: () => ['+447700900555', '+44 7700 900-555', '(+44) 7700.900.555', ''],
    password: () => [c.password],
    currentPassword: () => [c.password],
    newPassword: () => ['a brand new passphrase for fuzzing 7', c.password, 'password'],
    code: () => ['000000', '123456', ' 123 456 ', ...v.backupCodes.slice(0, 1)],
    name: () => ['bob laptop'],
    // Signing keys (issue 18): the directory's keys (newest first), a grouped spelling, an unknown one.
    fingerprint: () => {
      const fps = col('SELECT fingerprint FROM audit_signing_keys ORDER BY seq DESC LIMIT 3') as string[];
      return [
        ...fps,
        ...fps.slice(0, 1).map((f) => f.replace(/(.{4})(?!$)/g, '$1 ').toUpperCase()),
        'f'.repeat(64),
      ];
    },
    confirm: () => [
      ...(col('SELECT fingerprint FROM audit_signing_keys ORDER BY seq DESC LIMIT 2') as string[]),
      '0'.repeat(64),
    ],
    // Schema-valid hostile names (markup, the longest allowed, spaces to trim); invalid ones are
    // tests/ipc-fuzz.test.ts's job.
    organisation: () => [
      'Acme Ltd',
      '<img src=x onerror=alert(1)>',
      'A'.repeat(120),
      '  Acme  Ltd ',
      'Ünïcödé Örg',
    ],
    // Instants around the test clock in other zones: the same moment written another way.
    blockingDate: instants,
    from: instants,
    host: () => ['127.0.0.1', 'localhost', '[::1]', ''],
    port: () => [w.smtp.port, 1, 65535],
    twilioBaseUrl: () => [w.sms.baseUrl, '', 'http://127.0.0.1:1'],
    webhookUrl: () => [w.sms.webhookUrl, '', 'http://127.0.0.1:1/hook'],
    twilioAccountSid: () => [w.sms.accountSid, ''],
    // Team server addresses (connection:*): loopback only, a closed port, plain http, a path.
    url: () => [
      'https://127.0.0.1:1',
      'http://127.0.0.1:1',
      'https://[::1]:1/x',
      'ftp://127.0.0.1',
      'https://localhost:1',
    ],
    caFile: () => ['/nonexistent/ca.pem', '/dev/null', 'relative/ca.pem'],
    pinnedFingerprint: () => ['F'.repeat(64), '0a1b '.repeat(16).trim(), 'AB:'.repeat(31) + 'AB'],
  };
  return {
    hints,
    only: new Set(['host', 'port', 'twilioBaseUrl', 'webhookUrl', 'url', 'caFile', 'pinnedFingerprint']),
  };
}
