import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../electron/main/security/totp';
import { verifyExportFile } from '../electron/main/services/audit/verify';
import { callApi, signInHttp, startTestServer, type TestServer } from './support/team-server';
import { OWNER, person } from './support/people';

const AUDITOR = person('audrey', 'Audrey Auditor', 'auditors read the whole log');

/** Sends the start of a request and never finishes its headers; resolves with what the server said when it hung up. */
function slowloris(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => {
      socket.write('POST /api/auth:me HTTP/1.1\r\nHost: portcullis\r\nX-Slow: ');
    });
    let got = '';
    socket.on('data', (c: Buffer) => (got += c.toString()));
    socket.on('close', () => {
      resolve(got);
    });
    socket.on('error', reject);
  });
}

describe('team server: clients', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ limits: { headersTimeoutMs: 1000, requestTimeoutMs: 2000 } });
    const owner = await signInHttp(t.url, OWNER.username, OWNER.password);
    const auditor = { ...AUDITOR, phone: null, role: 'auditor', mustChangePassword: false };
    expect((await callApi(t.url, 'users:create', auditor, { token: owner })).body.ok).toBe(true);
  });
  afterAll(async () => {
    await t.close();
  });

  it('hangs up on a client that never finishes its headers (408)', async () => {
    expect(await slowloris(t.url)).toMatch(/^HTTP\/1\.1 408/);
  });

  it('signs in with a second factor over HTTP: the challenge header carries the pending step', async () => {
    const first = await signInHttp(t.url, OWNER.username, OWNER.password);
    const setup = await callApi(t.url, 'twoFactor:startTotp', undefined, { token: first });
    const secret = (setup.body.value as { key: string }).key.replace(/ /g, '');
    const confirmed = await callApi(
      t.url,
      'twoFactor:confirm',
      { code: await totpCode(secret, Date.now()) },
      { token: first },
    );
    const backupCodes = (confirmed.body.value as { backupCodes: string[] }).backupCodes;

    const step = await callApi(t.url, 'auth:signIn', { login: OWNER.username, password: OWNER.password });
    expect(step.body).toMatchObject({ ok: true, value: { status: 'second_step' } });
    expect(step.headers.get('portcullis-session-token')).toBeNull();
    const challenge = step.headers.get('portcullis-challenge') ?? '';
    expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Without the challenge (or with another) there is no pending step.
    const lost = await callApi(t.url, 'auth:useBackupCode', { code: backupCodes[0] });
    expect(lost.body).toMatchObject({ ok: false });
    const done = await callApi(
      t.url,
      'auth:useBackupCode',
      { code: backupCodes[0] },
      { headers: { 'portcullis-challenge': challenge } },
    );
    expect(done.body).toMatchObject({ ok: true });
    const session = done.headers.get('portcullis-session-token') ?? '';
    expect(session).toMatch(/^pcs_[0-9a-f]{32}\./);
    expect((await callApi(t.url, 'auth:me', undefined, { token: session })).body).toMatchObject({
      value: { username: OWNER.username },
    });
  });

  it('downloads a signed audit export once, only with the bearer that started it', async () => {
    // Two sessions of the same auditor: the download belongs to the session that started it.
    const a = await signInHttp(t.url, AUDITOR.username, AUDITOR.password);
    const b = await signInHttp(t.url, AUDITOR.username, AUDITOR.password);
    const started = await callApi(t.url, 'audit:export', { filter: {}, format: 'jsonl' }, { token: a });
    const job = started.body.value as { id: string; path: string; state: string };
    expect(job.path).toBe(`/exports/${job.id}`);
    let state = job.state;
    while (state === 'running') {
      const s = await callApi(t.url, 'audit:exportStatus', { id: job.id }, { token: a });
      state = (s.body.value as { state: string }).state;
    }
    expect(state).toBe('done');
    const other = await fetch(`${t.url}${job.path}`, { headers: { authorization: `Bearer ${b}` } });
    expect(other.status).toBe(404);
    const mine = await fetch(`${t.url}${job.path}`, { headers: { authorization: `Bearer ${a}` } });
    expect(mine.status).toBe(200);
    expect(mine.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    // The downloaded bytes verify as a signed export of this directory (as `portcullis audit verify` does).
    const file = join(t.dir, 'downloaded.jsonl');
    writeFileSync(file, Buffer.from(await mine.arrayBuffer()));
    const verdict = await verifyExportFile(file);
    expect(verdict).toMatchObject({ status: 'intact', exportedBy: AUDITOR.username });
    if (verdict.status === 'intact') expect(verdict.events).toBeGreaterThan(3);
    const again = await fetch(`${t.url}${job.path}`, { headers: { authorization: `Bearer ${a}` } });
    expect(again.status).toBe(404);
  });
});

describe('team server: per-address limit', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ limits: { perClient: { burst: 8, perSecond: 0.01 } } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('lets exactly the burst through from one address under Promise.all, then answers 429 with Retry-After', async () => {
    const answers = await Promise.all(Array.from({ length: 25 }, () => fetch(`${t.url}/health`)));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(8);
    expect(statuses.filter((s) => s === 429)).toHaveLength(17);
    expect(Number(answers.find((r) => r.status === 429)?.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
