import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { CurrentDirectory } from '@shared/ipc/contracts/connection.contract';
import { err, ok } from '@shared/result';
import { i18n } from '@/i18n';
import { connectionErrorText, fingerprintGroups } from '@/composables/connection-error';
import { scriptedMain } from '@/testing/scripted-main';
import { useConnectionStore } from './connection.store';

const A = 'C1:5B:56:06:78:8D:BC:5B:27:F0:34:C3:AF:71:AD:CA:52:AC:96:C4:AE:DA:1A:5F:DD:37:B5:4A:E6:C5:07:3A';
const B = 'AB'.repeat(32);
const server: CurrentDirectory = {
  kind: 'server',
  url: 'https://dir.example.org:8443',
  host: 'dir.example.org:8443',
  fingerprint256: A,
  caFile: null,
};

describe('connection store and texts', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    i18n.global.locale.value = 'en';
  });

  it('keeps the directory main reports after save and forget, and not after a refusal', async () => {
    let saved = false;
    scriptedMain({
      'connection:current': () => ok({ kind: 'local', databaseFile: '/data/portcullis.db', pending: null }),
      'connection:save': (input) =>
        'pinnedFingerprint' in input && input.pinnedFingerprint === A
          ? ((saved = true), ok({ switched: true, current: server }))
          : err('provider_unavailable', 'changed', { reason: 'certificate_changed', expected: A, actual: B }),
    });
    const s = useConnectionStore();
    await s.refresh();
    expect(s.current?.kind).toBe('local');
    const refused = await s.save({ url: server.url, pinnedFingerprint: B });
    expect(refused.ok).toBe(false);
    expect(s.current?.kind).toBe('local');
    expect((await s.save({ url: server.url, pinnedFingerprint: A })).ok).toBe(true);
    expect(saved).toBe(true);
    expect(s.current).toEqual(server);
  });

  it('shows a fingerprint in groups of four and a changed certificate with both fingerprints, in Russian too', () => {
    expect(fingerprintGroups(A)).toBe(
      'C15B 5606 788D BC5B 27F0 34C3 AF71 ADCA 52AC 96C4 AEDA 1A5F DD37 B54A E6C5 073A',
    );
    const e = err('provider_unavailable', 'x', { reason: 'certificate_changed', expected: A, actual: B });
    expect(connectionErrorText(e)).toContain(A);
    expect(connectionErrorText(e)).toContain(B);
    i18n.global.locale.value = 'ru';
    expect(connectionErrorText(e)).toMatch(/Сертификат сервера изменился/);
    expect(connectionErrorText(err('provider_unavailable', 'x', { reason: 'unreachable' }))).toMatch(
      /никто не ответил/,
    );
    // An unknown reason falls back to the code's own sentence.
    expect(connectionErrorText(err('invalid_input', 'Bad', { reason: 'nonsense' }))).not.toBe('');
  });
});
