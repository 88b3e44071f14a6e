import { afterEach, describe, expect, it } from 'vitest';
import { err, type ErrorCode } from '@shared/result';
import { i18n } from './index';
import { errorText } from './error-text';
import { appErrorSites, type AppErrorSite } from './app-error-sites';

// Main's services and IPC handlers as source text (Vite's raw import, as renderer-layers.test.ts).
const SOURCES = import.meta.glob<string>(
  [
    '../../../electron/main/services/**/*.ts',
    '../../../electron/main/ipc/**/*.ts',
    '!../../../electron/main/**/*.test.ts',
  ],
  { query: '?raw', import: 'default', eager: true },
);

/** Errors whose code's own sentence already says what main says ("code: message" → why). */
const SAME_AS_CODE: Record<string, string> = {
  'invalid_credentials: The username or password is not correct.': 'errors.invalid_credentials is this text',
  'setup_already_done: Setup was already completed.': 'errors.setup_already_done says it and what to do',
  'account_blocked: This account is blocked. Ask an administrator to unblock it.': 'the same text',
  'invalid_code: That code is not correct or was already used.': 'errors.invalid_code says the same',
  'challenge_ended: The sign-in step ended. Sign in again.': 'errors.challenge_ended: sign in again',
  'provider_unavailable: flespi authorization did not finish: ${…}': 'flespi unreachable; cause is technical',
  'provider_unavailable: flespi did not return a usable token. Try again.': 'errors.provider_unavailable',
  'provider_unavailable: flespi could not be reached: ${…}': 'errors.provider_unavailable',
  'provider_unavailable: flespi answered with HTTP ${…}.': 'errors.provider_unavailable',
  'provider_unavailable: flespi sent an answer Portcullis does not understand.':
    'errors.provider_unavailable',
  'not_found: This message no longer exists.': 'errors.not_found: the item no longer exists, reload',
  'not_found: One or more users no longer exist.': 'errors.not_found',
  'not_found: That session has already ended.': 'errors.not_found',
  'not_found: That token does not exist.': 'errors.not_found',
  'not_found: That user no longer exists.': 'errors.not_found',
  'not_found: This user no longer exists.': 'errors.not_found',
  'not_found: No such export.': 'errors.not_found',
  // The pipeline's own refusals (ipc/pipeline.ts): the code's sentence is the message.
  'internal: Something went wrong inside Portcullis. The action was not completed; try again.':
    'errors.internal',
  'forbidden_sender: This request did not come from the Portcullis window and was refused.':
    'errors.forbidden_sender says it and what to do',
  'session_expired: Your session expired. Sign in again.': 'errors.session_expired',
  'session_revoked: Your session was ended. Sign in again.': 'errors.session_revoked',
  'unknown_channel: Unknown request.': 'errors.unknown_channel says more (update the app)',
  'not_signed_in: Sign in first.': 'errors.not_signed_in',
  'permission_denied: Your role does not allow this action. Ask an administrator if you need it.':
    'the same text',
  'password_change_required: Change your password before doing anything else.':
    'errors.password_change_required',
  'two_factor_required: Your role requires two-factor authentication. Set it up on My security first.':
    'errors.two_factor_required',
  'permission_denied: API tokens cannot call this: it acts on your own account or session. Sign in with your password instead.':
    'API tokens only (team server over HTTP); a window never holds one',
  'invalid_input: describeIssue(parsed.error)':
    'schema issues: issueDetails() → errorDetail.invalidIssue, pinned in error-rules.test.ts',
  'provider_unavailable: (e as Error).message': 'verify-db: only the CLI (audit verify --db on PostgreSQL)',
  "not_found: ${…} holds no Portcullis directory (no audit_events table). Run 'portcullis init --db URL' first.":
    'verify-db: only the CLI (audit verify --db on PostgreSQL)',
};

/** Files that pass on a code decided elsewhere (no literal code at the construction) → why. */
const PASS_THROUGH: Record<string, string> = {
  'electron/main/services/password-reset/reset-flow.service.ts': 'a refused code again, with attemptsLeft',
  'electron/main/services/two-factor/sign-in-challenge.service.ts': 'a refused code again, with attemptsLeft',
  'electron/main/ipc/directory-gate.ts': 'setup_required: the code’s own sentence',
  'electron/main/ipc/pipeline.ts': 'an AppError thrown by a handler, as a Result (the sites scanned here)',
  'electron/main/services/connection/probe.ts':
    'connection failures: details.reason, read by the connect view',
};

const sites = Object.entries(SOURCES).flatMap(([path, text]) =>
  appErrorSites(path.replace(/^(\.\.\/)+/, ''), text),
);
const key = (s: AppErrorSite) => `${String(s.code)}: ${s.message}`;
const fileOf = (s: AppErrorSite) => s.where.replace(/:\d+$/, '');

/** Why an es/ru reader would not get main's meaning for this site; null when they do. */
function problem(site: AppErrorSite, locale: 'es' | 'ru'): string | null {
  i18n.global.locale.value = locale;
  const code = site.code as ErrorCode;
  const text = errorText(err(code, site.message, site.details));
  const where = `${locale} ${site.where} (${code}, ${JSON.stringify(site.details)}) "${site.message}"`;
  if (text === site.message) return `${where}: shown in English`;
  if (text === i18n.global.t(`errors.${code}`)) return `${where}: only the generic errors.${code} sentence`;
  return null;
}

afterEach(() => {
  i18n.global.locale.value = 'en';
});

describe('every error main sends reads in the user’s language (issue 17 item 1)', () => {
  it('each AppError and err() in services and ipc has a rule (or a code that says it all) translated in es and ru', () => {
    expect(sites.length).toBeGreaterThan(80);
    const problems = sites
      .filter((s) => s.code !== null && !(key(s) in SAME_AS_CODE))
      .flatMap((s) => [problem(s, 'es'), problem(s, 'ru')])
      .filter((p) => p !== null);
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('the allow-lists name only errors that exist, and every passed-on code is listed', () => {
    const keys = new Set(sites.map(key));
    expect(Object.keys(SAME_AS_CODE).filter((k) => !keys.has(k))).toEqual([]);
    const passing = new Set(sites.filter((s) => s.code === null).map(fileOf));
    expect([...passing].sort()).toEqual(Object.keys(PASS_THROUGH).sort());
  });

  it('the reported fixes are among them: same email, reset without SMS, signing key, trust store, outbox, block date, user clash', () => {
    i18n.global.locale.value = 'ru';
    const ruleOf = (message: string) => sites.find((s) => s.message.startsWith(message))?.details.rule;
    expect(ruleOf('This is already your email address')).toBe('same_email');
    expect(ruleOf('This account does not use SMS codes')).toBe('reset_no_sms');
    expect(ruleOf('The signing key was changed meanwhile')).toBe('signing_key_changed');
    expect(ruleOf('The trusted signers file ${…} is damaged')).toBe('trust_file_damaged');
    expect(ruleOf('Only pending or failed messages')).toBe('outbox_not_pending');
    expect(ruleOf('The blocking date is in the past')).toBe('block_date_past');
    expect(ruleOf('A user with this username or email already exists')).toBe('user_exists');
    expect(
      errorText(err('invalid_input', 'This is already your email address.', { rule: 'same_email' })),
    ).toBe(i18n.global.t('mainError.same_email'));
    expect(
      errorText(err('two_factor_required', 'x', { rule: 'token_needs_two_factor', role: 'support' })),
    ).toContain('(Поддержка)');
    // English keeps main's own text, which can name more than the rule's sentence.
    i18n.global.locale.value = 'en';
    const smtp = 'Enter the SMTP password again to save this change (server, port).';
    expect(errorText(err('invalid_input', smtp, { rule: 'smtp_password_again' }))).toBe(smtp);
  });
});

describe('the scan itself', () => {
  it('flags a construction without a rule, and follows a rule given by ?:, a const or a typed parameter', () => {
    const found = appErrorSites(
      'x.ts',
      `type R = 'same_email' | 'no_such_rule';
       function f(r: R) { return new AppError('conflict', 'typed', { rule: r }); }
       const D = { rule: 'reset_no_sms' };
       throw new AppError('conflict', 'Someone changed it.');
       throw new AppError('invalid_input', \`at \${x}\`, ok ? { rule: 'same_email' } : D);
       throw new AppError(code, message);
       return err('not_found', 'Gone.', { rule: 'review_closed' });`,
    );
    expect(found.map((s) => [s.code, s.message, s.details.rule])).toEqual([
      ['conflict', 'typed', 'same_email'],
      ['conflict', 'typed', 'no_such_rule'],
      ['conflict', 'Someone changed it.', undefined],
      ['invalid_input', 'at ${…}', 'same_email'],
      ['invalid_input', 'at ${…}', 'reset_no_sms'],
      [null, 'message', undefined],
      ['not_found', 'Gone.', 'review_closed'],
    ]);
    const flagged = found.filter((s) => s.code !== null).map((s) => problem(s, 'es') !== null);
    expect(flagged).toEqual([false, true, true, false, false, false]);
  });
});
