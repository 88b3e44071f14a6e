import { describe, expect, it } from 'vitest';
import type { SigningKeyView } from '@shared/ipc/contracts/audit.contract';
import { err, ok } from '@shared/result';
import { scriptedMain } from '@/testing/scripted-main';
import { fingerprintTail, groupFingerprint, tailMatches } from '@/components/audit/fingerprint';
import { useSigningKey } from './use-signing-key';

const A = 'a1b2'.repeat(15) + 'c3d4';
const B = 'e5f6'.repeat(16);

function view(current: string, keys: string[] = [current]): SigningKeyView {
  return {
    directoryId: 'd'.repeat(32),
    organisation: 'Acme Ltd',
    fingerprint: current,
    publicKey: 'cHVibGlj',
    history: keys.map((fingerprint, i) => ({
      fingerprint,
      publicKey: 'cHVibGlj',
      createdAt: `2026-03-0${String(i + 1)}T09:00:00.000Z`,
      previous: i ? (keys[i - 1] ?? null) : null,
      endorsement: i ? 'c2ln' : null,
      revokedAt: null,
      revocation: null,
    })),
  };
}

describe('fingerprint helpers', () => {
  it('groups by four and checks the typed tail in any case, spacing or colons', () => {
    expect(groupFingerprint('0123456789abcdef01')).toBe('0123 4567 89ab cdef 01');
    expect(fingerprintTail(A)).toBe('a1b2 c3d4');
    for (const typed of [
      A.slice(-8),
      A.slice(-8).toUpperCase(),
      `${A.slice(-8, -4)} ${A.slice(-4)}`,
      ` ${A.slice(-8, -4)}:${A.slice(-4)} `,
    ])
      expect(tailMatches(typed, A), typed).toBe(true);
    for (const typed of ['', A.slice(-7), A.slice(-9), A.slice(0, 8), A])
      expect(tailMatches(typed, A), typed).toBe(false);
    expect(tailMatches('', '')).toBe(false);
  });
});

describe('useSigningKey', () => {
  it('rotates the key the card shows, then shows the answer', async () => {
    const main = scriptedMain({
      'audit:signingKey': () => ok(view(A)),
      'audit:rotateSigningKey': (input) =>
        input.confirm === A ? ok(view(B, [A, B])) : err('conflict', 'stale'),
    });
    const k = useSigningKey();
    await k.load();
    const r = await k.rotate();
    expect(r.ok).toBe(true);
    expect(main.calls.find((c) => c.channel === 'audit:rotateSigningKey')?.input).toEqual({ confirm: A });
    expect(k.key.value?.fingerprint).toBe(B);
    expect(main.count('audit:signingKey')).toBe(1);
  });

  it('a refused action because the key moved on reloads the card, so it shows what is true now', async () => {
    let current = view(A);
    const main = scriptedMain({
      'audit:signingKey': () => ok(current),
      'audit:revokeSigningKey': () => err('conflict', 'stale'),
    });
    const k = useSigningKey();
    await k.load();
    current = view(B, [A, B]);
    const r = await k.revoke(A);
    expect(r).toMatchObject({ ok: false, code: 'conflict' });
    expect(main.calls.find((c) => c.channel === 'audit:revokeSigningKey')?.input).toEqual({
      fingerprint: A,
      confirm: A,
    });
    expect(main.count('audit:signingKey')).toBe(2);
    expect(k.key.value?.fingerprint).toBe(B);
  });

  it('an invalid organisation name changes nothing and does not reload', async () => {
    const main = scriptedMain({
      'audit:signingKey': () => ok(view(A)),
      'audit:setOrganisation': () => err('invalid_input', 'Use no control or text-direction characters'),
    });
    const k = useSigningKey();
    await k.load();
    const r = await k.setOrganisation('x');
    expect(r).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(main.count('audit:signingKey')).toBe(1);
    expect(k.key.value?.organisation).toBe('Acme Ltd');
  });
});
