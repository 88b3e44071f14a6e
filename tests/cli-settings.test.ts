import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { settingsCommand } from '../cli/commands/settings.command';
import { userCommand } from '../cli/commands/user.command';
import { supportCommand } from '../cli/commands/support.command';
import { auditCommand } from '../cli/commands/audit.command';
import { EXIT } from '../cli/io';
import { queryFile, runInProcess, snapshotFile, withAppOn } from './support/cli-in-process';
import { removeDir, tempDir } from './support/services';
import { OWNER, ipcWindow, value } from '../electron/main/services/two-factor/two-factor.test-support';

// `settings mail|sms show|set` and the operator identity of the other writing commands, in-process
// on a real SQLite file and the real keychain (the 'Portcullis' entry, shared with the seeding app).
const dir = tempDir('portcullis-cli-settings-');
let db = '';
/** Written independently of cli/operator.ts, so a wrong actor name fails here. */
const ACTOR = `cli:${userInfo().username}`;
const SMTP_PASSWORD = 'smtp pass 7f3a-only-on-stdin';
const WEBHOOK_TOKEN = 'Bearer hook-token-9c1e-only-on-stdin';

/** Runs the CLI with `stdin` piped in (undefined: nothing piped, as at a terminal with no input). */
async function cli(args: string[], stdin?: string) {
  const input = Readable.from(stdin === undefined ? [] : [Buffer.from(stdin)]);
  const spy = vi.spyOn(process, 'stdin', 'get').mockReturnValue(input as unknown as typeof process.stdin);
  try {
    return await runInProcess(
      (p) => {
        userCommand(p);
        supportCommand(p);
        auditCommand(p);
        settingsCommand(p);
      },
      db,
      args,
    );
  } finally {
    spy.mockRestore();
  }
}

const snapshot = () => snapshotFile(db);
const events = (code: string) =>
  queryFile<{ actor_name: string; details: string }>(
    db,
    'SELECT actor_name, details FROM audit_events WHERE code = ? ORDER BY id',
    code,
  );
const mailShow = async () => {
  const r = await cli(['settings', 'mail', 'show', '--json']);
  expect(r.code).toBe(EXIT.ok);
  return JSON.parse(r.out) as Record<string, unknown>;
};

beforeAll(async () => {
  await withAppOn(dir, async (app) => {
    db = app.dbPath;
    value(await ipcWindow(app, 'owner').call('auth:createOwner', OWNER));
  });
}, 60_000);

afterAll(() => {
  removeDir(dir);
});

describe('portcullis settings mail|sms show|set', () => {
  it('mail: set then show round-trips every field; the password comes only from stdin and is never printed', async () => {
    const set = await cli(
      [
        'settings',
        'mail',
        'set',
        '--host',
        'smtp.example.com',
        '--port',
        '465',
        '--security',
        'tls',
        '--user',
        'relay',
        '--from',
        'ops@example.com',
        '--from-name',
        'Ops desk',
        '--allow-self-signed',
        '--password-stdin',
      ],
      `${SMTP_PASSWORD}\n`,
    );
    expect(set.code, set.err).toBe(EXIT.ok);
    expect(await mailShow()).toEqual({
      host: 'smtp.example.com',
      port: 465,
      security: 'tls',
      user: 'relay',
      from: 'ops@example.com',
      fromName: 'Ops desk',
      allowSelfSigned: true,
      hasPassword: true,
    });
    const text = await cli(['settings', 'mail', 'show']);
    expect(text.out).toContain('password: set');
    expect(text.out).toContain('host: smtp.example.com');
    for (const r of [set, text]) expect(r.out + r.err).not.toContain(SMTP_PASSWORD);
    expect(snapshot()).not.toContain(SMTP_PASSWORD);

    // An option not given keeps its value, and the stored password stays with a harmless change.
    expect((await cli(['settings', 'mail', 'set', '--from-name', 'Ops'])).code).toBe(EXIT.ok);
    expect(await mailShow()).toMatchObject({
      fromName: 'Ops',
      port: 465,
      allowSelfSigned: true,
      hasPassword: true,
    });

    // A new port would send the stored password elsewhere: refused without it, as in the app.
    const before = snapshot();
    const moved = await cli(['settings', 'mail', 'set', '--port', '2525']);
    expect(moved.code).toBe(EXIT.usage);
    expect(moved.err).toMatch(/SMTP password again.*port/);
    expect(snapshot()).toBe(before);

    expect((await cli(['settings', 'mail', 'set', '--clear-password'])).code).toBe(EXIT.ok);
    expect(await mailShow()).toMatchObject({ hasPassword: false });
  });

  it('sms: the token goes to the chosen provider from stdin; show says only whether one is stored', async () => {
    const set = await cli(
      [
        'settings',
        'sms',
        'set',
        '--provider',
        'webhook',
        '--webhook-url',
        'https://hooks.example.com/sms',
        '--webhook-header',
        'Authorization',
        '--token-stdin',
        '--json',
      ],
      WEBHOOK_TOKEN,
    );
    expect(set.code, set.err).toBe(EXIT.ok);
    expect(JSON.parse(set.out)).toMatchObject({
      provider: 'webhook',
      hasWebhookToken: true,
      hasTwilioToken: false,
    });
    const show = await cli(['settings', 'sms', 'show', '--json']);
    expect(JSON.parse(show.out)).toMatchObject({
      webhookUrl: 'https://hooks.example.com/sms',
      hasWebhookToken: true,
    });
    expect((await cli(['settings', 'sms', 'show'])).out).toContain('webhookToken: set');
    for (const r of [set, show]) expect(r.out + r.err).not.toContain('hook-token-9c1e');
    expect(snapshot()).not.toContain('hook-token-9c1e');
  });

  it('no option takes a secret as an argument; a missing or empty stdin is refused; nothing is written', async () => {
    const before = snapshot();
    const cases: [string[], string | undefined, RegExp][] = [
      [['settings', 'mail', 'set', '--password', 'hunter2hunter2'], undefined, /unknown option '--password'/],
      [['settings', 'mail', 'set', '--password=hunter2hunter2'], undefined, /unknown option/],
      [['settings', 'sms', 'set', '--token', 'abc'], undefined, /unknown option '--token'/],
      [['settings', 'sms', 'set', '--webhook-token', 'abc'], undefined, /unknown option/],
      [['settings', 'mail', 'set', '--password-stdin'], '', /No SMTP password was given on standard input/],
      [['settings', 'sms', 'set', '--token-stdin'], '\n', /No token was given/],
      [['settings', 'mail', 'set', '--password-stdin'], 'x'.repeat(1025), /--password-stdin/],
    ];
    for (const [args, stdin, message] of cases) {
      const r = await cli(args, stdin);
      expect(r.code, args.join(' ')).toBe(EXIT.usage);
      expect(r.err, args.join(' ')).toMatch(message);
    }
    expect(snapshot()).toBe(before);
    const help = await cli(['settings', 'mail', 'set', '--help']);
    expect(help.out).not.toMatch(/--password[ =<]/);
    expect(help.out).toContain('--password-stdin');
  });

  it("bad arguments exit 2 with the channel schema's message and write nothing", async () => {
    const before = snapshot();
    const cases: [string[], RegExp][] = [
      [['mail', 'set', '--port', '0'], /Invalid --port/],
      [['mail', 'set', '--port', '65536'], /Invalid --port/],
      [['mail', 'set', '--port', '25abc'], /Invalid --port/],
      [['mail', 'set', '--security', 'ssl'], /Invalid --security/],
      [['mail', 'set', '--host', 'https://smtp.example.com/'], /host name such as smtp.example.com/],
      [['mail', 'set', '--from', 'not-an-email'], /Invalid --from/],
      [['mail', 'set', '--from-name', 'x'.repeat(129)], /Invalid --from-name/],
      [['mail', 'set', '--password-stdin', '--clear-password'], /not both/],
      [['sms', 'set', '--provider', 'pigeon'], /Invalid --provider/],
      [['sms', 'set', '--webhook-url', 'ftp://hooks.example.com'], /http:\/\/ or https:\/\//],
      [['sms', 'set', '--webhook-header', 'X Token'], /header name such as Authorization/],
      [['sms', 'set', '--twilio-from', '07700900123'], /international form/],
      [['sms', 'set', '--provider', 'none', '--token-stdin'], /belongs to a provider/],
      [['sms', 'set', '--json'], /Nothing to change/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(['settings', ...args], 'a token');
      expect(r.code, args.join(' ')).toBe(EXIT.usage);
      expect(r.err, args.join(' ')).toMatch(message);
    }
    expect(snapshot()).toBe(before);
    const missing = await cli(['settings', 'mail', 'show', '--db', join(dir, 'nope', 'x.db')]);
    expect(missing.code).toBe(EXIT.environment);
    expect(existsSync(join(dir, 'nope'))).toBe(false);
  });
});

describe('every writing CLI command is audited as cli:<OS user>', () => {
  it('settings mail|sms set, user add and audit export name the operator', async () => {
    expect(events('settings.mail:updated').map((e) => e.actor_name)).toEqual([ACTOR, ACTOR, ACTOR]);
    expect(JSON.parse(events('settings.mail:updated')[0]?.details ?? '{}')).toMatchObject({
      passwordChanged: true,
    });
    expect(events('settings.sms:updated').map((e) => e.actor_name)).toEqual([ACTOR]);

    const add = await cli(
      ['user', 'add', 'carol', '--email', 'carol@example.com', '--password-stdin'],
      'a long password for carol',
    );
    expect(add.code, add.err).toBe(EXIT.ok);
    expect(events('user:created').map((e) => e.actor_name)).toContain(ACTOR);

    const out = join(dir, 'export.jsonl');
    const exp = await cli(['audit', 'export', '--out', out]);
    expect(exp.code, exp.err).toBe(EXIT.ok);
    expect(events('audit:exported').map((e) => e.actor_name)).toEqual([ACTOR]);
  });

  it('--json listings parse and carry no secret', async () => {
    for (const args of [
      ['user', 'list', '--json'],
      ['session', 'list', '--json'],
      ['settings', 'mail', 'show', '--json'],
      ['settings', 'sms', 'show', '--json'],
    ]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(EXIT.ok);
      expect(() => JSON.parse(r.out) as unknown, args.join(' ')).not.toThrow();
      expect(r.out).not.toMatch(/hook-token|smtp pass|password_hash|a long password/);
    }
    const users = JSON.parse((await cli(['user', 'list', '--json'])).out) as { username: string }[];
    expect(users.map((u) => u.username).sort()).toEqual(['carol', OWNER.username].sort());
  });
});
