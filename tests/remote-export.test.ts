/**
 * Saving what lives on a team server on the connected desktop (issue 19): a signed audit export
 * and the directory's public key file land where THIS computer's save dialog says, whole or not
 * at all, through a RemoteDirectory against a real TLS server on loopback.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KeyFileKeychain } from '../electron/main/adapters/key-file.keychain';
import type { FileDialog } from '../electron/main/adapters/file-dialog.port';
import { MemoryLogger } from '../electron/main/adapters/logger';
import type { Caller } from '../electron/main/ipc/pipeline';
import { RemoteDirectory } from '../electron/main/remote';
import type { ServerCalls } from '../electron/main/remote/server-calls';
import { verifyExportFile } from '../electron/main/services/audit/verify';
import type { ExportJobView } from '../shared/ipc/contracts/audit.contract';
import type { Result } from '../shared/result';
import { startFreshMachine, type FreshMachine } from './support/fresh-machine';
import { MEMBER, OWNER, person } from './support/people';
import { selfSigned } from './support/self-signed';
import { APP_ORIGIN, removeDir, tempDir } from './support/services';
import { startTestServer, type TestServer } from './support/team-server';

const AUDITOR = person('audrey', 'Audrey Auditor', 'auditors read the whole log');

/** A save dialog that answers the queued paths (null: cancelled) and records what it was asked. */
class TestDialog implements FileDialog {
  readonly asked: { title: string; defaultName: string; extensions: string[] }[] = [];
  constructor(readonly answers: (string | null)[] = []) {}
  chooseSavePath(o: { title: string; defaultName: string; extensions: string[] }): Promise<string | null> {
    this.asked.push(o);
    return Promise.resolve(this.answers.shift() ?? null);
  }
  chooseOpenPath(): Promise<string | null> {
    return Promise.resolve(null);
  }
}

function window(key: string): Caller {
  return {
    key,
    frameUrl: `${APP_ORIGIN}/index.html#/audit`,
    isMainFrame: true,
    client: { ip: '127.0.0.1', userAgent: 'desktop test' },
    push: () => undefined,
  };
}

/** One HTTPS exchange with the test server, trusting its self-signed certificate. */
function https(
  url: string,
  ca: Buffer,
  o: { method: 'GET' | 'POST'; token?: string; body?: unknown },
): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: o.method,
        ca,
        headers: {
          'content-type': 'application/json',
          ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text });
        });
      },
    );
    req.on('error', reject);
    req.end(o.body === undefined ? undefined : JSON.stringify(o.body));
  });
}

function value<T>(r: Result<unknown>): T {
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.value as T;
}

describe('saving from a desktop connected to a team server', () => {
  let dir: string;
  let t: TestServer;
  let machine: FreshMachine;
  let pin: string;
  let ca: Buffer;
  const callApi = async (channel: string, payload: unknown, token?: string) => {
    const a = await https(`${t.url}/api/${channel}`, ca, { method: 'POST', body: payload, token });
    return { ...a, body: JSON.parse(a.text) as { ok: boolean; value?: unknown } };
  };
  const signInHttp = async (login: string, password: string) =>
    String((await callApi('auth:signIn', { login, password })).headers['portcullis-session-token']);
  const download = async (id: string, token: string | undefined) =>
    (await https(`${t.url}/exports/${id}`, ca, { method: 'GET', token })).status;
  const relays: RemoteDirectory[] = [];

  /** A relay (one desktop) with this dialog, and a window signed in as `who`. */
  async function desktop(dialog: FileDialog, who = OWNER) {
    const relay = new RemoteDirectory(
      { url: t.url, trust: { kind: 'pinned', fingerprint256: pin } },
      machine.pipeline,
      (u) => u.startsWith(`${APP_ORIGIN}/`),
      new MemoryLogger(),
      1_000,
      dialog,
    );
    relays.push(relay);
    const w = window(`wc:${relays.length}`);
    const r = await relay.dispatch(w, 'auth:signIn', { login: who.username, password: who.password });
    expect(r).toMatchObject({ ok: true, value: { status: 'signed_in' } });
    return { relay, w };
  }

  /** Polls the window's export as the renderer does; checks the chosen path is never partial. */
  async function follow(relay: RemoteDirectory, w: Caller, job: ExportJobView, out: string) {
    const seen: ExportJobView[] = [];
    let now = job;
    while (now.state === 'running') {
      await new Promise((r) => setTimeout(r, 20));
      now = value<ExportJobView>(await relay.dispatch(w, 'audit:exportStatus', { id: job.id }));
      seen.push(now);
      if (now.state === 'running' && existsSync(out))
        throw new Error('a file at the chosen path while running');
    }
    return { last: now, seen };
  }

  const apiPaths = () => t.accessLog.lines.map((l) => decodeURIComponent(String(l.fields?.path)));

  beforeAll(async () => {
    dir = tempDir('portcullis-remote-export-');
    const pem = selfSigned(dir, 'portcullis-export-test');
    pin = pem.fingerprint;
    ca = pem.cert;
    t = await startTestServer({
      tls: { cert: pem.cert, key: pem.key },
      keychain: new KeyFileKeychain(join(dir, 'server-keys.json')),
    });
    machine = startFreshMachine();
    const owner = await signInHttp(OWNER.username, OWNER.password);
    for (const p of [
      { ...AUDITOR, phone: null, role: 'auditor', mustChangePassword: false },
      { ...MEMBER, mustChangePassword: false },
    ])
      expect((await callApi('users:create', p, owner)).body).toMatchObject({ ok: true });
  });
  afterEach(() => {
    for (const r of relays.splice(0)) r.close();
  });
  afterAll(async () => {
    await machine.close();
    await t.close();
    removeDir(dir);
  });

  it("exports to the path this computer's dialog chose: done only once the file is whole, and it verifies with the server's signer", async () => {
    const folder = join(dir, 'mine');
    mkdirSync(folder);
    const out = join(folder, 'evidence.jsonl');
    const dialog = new TestDialog([out]);
    const { relay, w } = await desktop(dialog);
    const started = value<ExportJobView>(
      await relay.dispatch(w, 'audit:export', { filter: {}, format: 'jsonl' }),
    );
    expect(started).toMatchObject({ state: 'running', path: out });
    expect(dialog.asked).toEqual([
      expect.objectContaining({ title: 'Signed audit export (JSON Lines)', extensions: ['jsonl'] }),
    ]);
    const { last, seen } = await follow(relay, w, started, out);
    expect(last).toMatchObject({ state: 'done', path: out, fraction: 1, error: null });
    expect(last.events).toBeGreaterThan(3);
    // Progress only grows, and never says 1 before done.
    for (let i = 1; i < seen.length; i++)
      expect(seen[i]?.fraction ?? 0).toBeGreaterThanOrEqual(seen[i - 1]?.fraction ?? 0);
    for (const s of seen) if (s.state === 'running') expect(s.fraction).toBeLessThan(1);
    // The chosen file alone: no temporary file left beside it.
    expect(readdirSync(folder)).toEqual(['evidence.jsonl']);
    const signer = await t.server.container.services.signingKeys.describe();
    const verdict = await verifyExportFile(out, { key: signer?.fingerprint });
    expect(verdict).toMatchObject({ status: 'intact', trust: 'trusted', exportedBy: OWNER.username });
    if (verdict.status === 'intact') expect(verdict.events).toBe(last.events);
    // The server's audit names the file chosen here, not its own private copy.
    const recorded = await t.server.container.services.audit.page({
      filter: { code: 'audit:exported' },
      pageSize: 1,
    });
    expect(recorded.items[0]?.details).toMatchObject({ file: 'evidence.jsonl', format: 'JSON Lines' });
    // The server kept nothing: its copy was deleted after the download.
    const token = (relay as unknown as { windows: Map<string, { token?: string }> }).windows.get(
      w.key,
    )?.token;
    expect(await download(started.id, token)).toBe(404);
  });

  it('a cancelled dialog sends nothing to the server; a signed-out window gets no dialog', async () => {
    const dialog = new TestDialog([null]);
    const { relay, w } = await desktop(dialog);
    const before = apiPaths().length;
    expect(await relay.dispatch(w, 'audit:export', { filter: {}, format: 'csv' })).toEqual({
      ok: true,
      value: null,
    });
    expect(dialog.asked).toHaveLength(1);
    expect(apiPaths().slice(before)).toEqual([]);
    const signedOut = window('wc:signed-out');
    expect(await relay.dispatch(signedOut, 'audit:export', { filter: {}, format: 'csv' })).toMatchObject({
      ok: false,
      code: 'not_signed_in',
    });
    expect(dialog.asked).toHaveLength(1);
    expect(apiPaths().slice(before)).toEqual([]);
  });

  it('a cancel while the server exports: the server job is cancelled, nothing at the chosen path', async () => {
    const folder = join(dir, 'cancel-early');
    mkdirSync(folder);
    const out = join(folder, 'early.csv');
    const { relay, w } = await desktop(new TestDialog([out]));
    const started = value<ExportJobView>(
      await relay.dispatch(w, 'audit:export', { filter: {}, format: 'csv' }),
    );
    expect(await relay.dispatch(w, 'audit:exportCancel', { id: started.id })).toEqual({
      ok: true,
      value: { cancelled: true },
    });
    const { last } = await follow(relay, w, started, out);
    expect(last.state).toBe('cancelled');
    expect(apiPaths()).toContain('/api/audit:exportCancel');
    expect(apiPaths()).not.toContain(`/exports/${started.id}`);
    expect(readdirSync(folder)).toEqual([]);
    // A second cancel has nothing to stop.
    expect(await relay.dispatch(w, 'audit:exportCancel', { id: started.id })).toEqual({
      ok: true,
      value: { cancelled: false },
    });
  });

  it('a cancel once the download has begun: the partial file is removed, nothing at the chosen path', async () => {
    const folder = join(dir, 'cancel-late');
    mkdirSync(folder);
    const out = join(folder, 'late.jsonl');
    const { relay, w } = await desktop(new TestDialog([out]));
    // The first bytes of the download arriving cancel the export, as a click would.
    const calls = (relay as unknown as { calls: ServerCalls }).calls;
    const get = calls.get.bind(calls);
    let id = '';
    const cancelled: { answer?: Promise<Result<unknown>> } = {};
    calls.get = async (caller, path) => {
      const a = await get(caller, path);
      a?.res.once('data', () => {
        cancelled.answer = relay.dispatch(w, 'audit:exportCancel', { id });
      });
      return a;
    };
    const started = value<ExportJobView>(
      await relay.dispatch(w, 'audit:export', { filter: {}, format: 'jsonl' }),
    );
    id = started.id;
    const { last } = await follow(relay, w, started, out);
    expect(cancelled.answer).toBeDefined();
    expect(await cancelled.answer).toEqual({ ok: true, value: { cancelled: true } });
    expect(last.state).toBe('cancelled');
    expect(apiPaths()).toContain(`/exports/${id}`);
    expect(readdirSync(folder)).toEqual([]);
    // The server keeps no copy of a download that was cut: the id is gone.
    const token = (relay as unknown as { windows: Map<string, { token?: string }> }).windows.get(
      w.key,
    )?.token;
    expect(await download(id, token)).toBe(404);
  });

  it('a session that ends during the export: the window sees it failed, saying nothing was saved, and nothing is there', async () => {
    const folder = join(dir, 'session-ends');
    mkdirSync(folder);
    const out = join(folder, 'ended.jsonl');
    const { relay, w } = await desktop(new TestDialog([out]));
    const token = (relay as unknown as { windows: Map<string, { token?: string }> }).windows.get(
      w.key,
    )?.token;
    // The session is signed out elsewhere just before the relay's first look at the job.
    const calls = (relay as unknown as { calls: ServerCalls }).calls;
    const call = calls.call.bind(calls);
    let signedOut = false;
    calls.call = async (caller, channel, payload) => {
      if (channel === 'audit:exportStatus' && !signedOut) {
        signedOut = true;
        expect((await callApi('auth:signOut', {}, token)).body).toMatchObject({ ok: true });
      }
      return call(caller, channel, payload);
    };
    const started = value<ExportJobView>(
      await relay.dispatch(w, 'audit:export', { filter: {}, format: 'jsonl' }),
    );
    let now = started;
    while (now.state === 'running') {
      await new Promise((r) => setTimeout(r, 20));
      // The window's own status is answered by the relay (it holds the job), signed out or not.
      now = value<ExportJobView>(await relay.dispatch(w, 'audit:exportStatus', { id: started.id }));
    }
    expect(signedOut).toBe(true);
    expect(now.state).toBe('failed');
    expect(now.error).toContain(`nothing was saved at ${out}`);
    expect(readdirSync(folder)).toEqual([]);
  });

  it("another user's export cannot be downloaded, nor another window's export read from this desktop", async () => {
    // The owner exports from a script; the auditor on a desktop knows the id.
    const owner = await signInHttp(OWNER.username, OWNER.password);
    const job = (await callApi('audit:export', { filter: {}, format: 'csv' }, owner)).body
      .value as ExportJobView;
    let state = job.state;
    while (state === 'running')
      state = ((await callApi('audit:exportStatus', { id: job.id }, owner)).body.value as ExportJobView)
        .state;
    expect(state).toBe('done');
    const { relay, w } = await desktop(new TestDialog(), AUDITOR);
    const token = (relay as unknown as { windows: Map<string, { token?: string }> }).windows.get(
      w.key,
    )?.token;
    expect(token).toMatch(/^pcs_/);
    expect(await download(job.id, token)).toBe(404);
    // The window's status of a job it did not start is the server's (a download address, no file).
    expect(await relay.dispatch(w, 'audit:exportStatus', { id: job.id })).toMatchObject({
      ok: true,
      value: { path: `/exports/${job.id}` },
    });
    expect(await download(job.id, owner)).toBe(200);

    // Two windows of one desktop: the second cannot read the first's local path.
    const out = join(dir, 'window-a.csv');
    const a = await desktop(new TestDialog([out]));
    const started = value<ExportJobView>(
      await a.relay.dispatch(a.w, 'audit:export', { filter: {}, format: 'csv' }),
    );
    const other = window('wc:other');
    const b = await a.relay.dispatch(other, 'audit:exportStatus', { id: started.id });
    expect(JSON.stringify(b)).not.toContain(out);
    expect((await follow(a.relay, a.w, started, out)).last.state).toBe('done');
  });

  it('a file name that would leave the private folder is refused before anything is written', async () => {
    const owner = await signInHttp(OWNER.username, OWNER.password);
    for (const file of [
      '..',
      '.',
      '../../etc/x.jsonl',
      'a/b.jsonl',
      'a\\b.jsonl',
      'x\u0000.jsonl',
      'x'.repeat(256),
    ]) {
      const r = await callApi('audit:export', { filter: {}, format: 'jsonl', file }, owner);
      expect(r.body, file).toMatchObject({ ok: false, code: 'invalid_input' });
    }
    for (const file of ['..', 'a/b.json'])
      expect((await callApi('audit:publicKeyFile', { file }, owner)).body).toMatchObject({
        ok: false,
        code: 'invalid_input',
      });
  });

  it("the public key file saved from a connected desktop is the owner's own file (same fingerprint and history), recorded on the server", async () => {
    const out = join(dir, 'auditors-key.json');
    const dialog = new TestDialog([out]);
    const { relay, w } = await desktop(dialog, AUDITOR);
    const saved = value<{ path: string; fingerprint: string }>(
      await relay.dispatch(w, 'audit:savePublicKeyFile', undefined),
    );
    const services = t.server.container.services;
    const expected = await services.signingKeys.publicKeyFile();
    expect(saved).toEqual({ path: out, fingerprint: expected.fingerprint });
    expect(readFileSync(out, 'utf8')).toBe(`${JSON.stringify(expected, null, 2)}\n`);
    expect(dialog.asked[0]?.defaultName).toBe(`portcullis-signer-${expected.fingerprint.slice(0, 8)}.json`);
    const page = await services.audit.page({ filter: { code: 'audit:signing_key_saved' }, pageSize: 5 });
    expect(JSON.stringify(page.items[0])).toContain('auditors-key.json');

    // A cancelled dialog writes nothing; a member (no audit:read) is refused before any dialog.
    const cancelled = new TestDialog([null]);
    const second = await desktop(cancelled, AUDITOR);
    expect(await second.relay.dispatch(second.w, 'audit:savePublicKeyFile', undefined)).toEqual({
      ok: true,
      value: null,
    });
    const member = new TestDialog([join(dir, 'member.json')]);
    const m = await desktop(member, MEMBER);
    expect(await m.relay.dispatch(m.w, 'audit:savePublicKeyFile', undefined)).toMatchObject({
      ok: false,
      code: 'permission_denied',
    });
    expect(member.asked).toEqual([]);
    expect(existsSync(join(dir, 'member.json'))).toBe(false);
  });
});
