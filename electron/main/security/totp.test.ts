import { describe, expect, it } from 'vitest';
import { checkTotp, groupKey, newTotpSecret, totpCode, totpUri } from './totp';

// RFC 6238 Appendix B: SHA-1 seed "12345678901234567890", 8 digits, X = 30, T0 = 0.
const RFC_SECRET = new TextEncoder().encode('12345678901234567890');
const RFC_VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(RFC_VECTORS)('accepts the Appendix B SHA-1 code at T=%i through our verifier', async (t, code) => {
    expect(await totpCode(RFC_SECRET, t * 1000, { digits: 8 })).toBe(code);
    const r = await checkTotp(RFC_SECRET, code, t * 1000, null, { digits: 8 });
    expect(r).toEqual({ ok: true, step: Math.floor(t / 30) });
  });

  it('refuses a wrong code and a replayed time step', async () => {
    const t = 1111111111 * 1000;
    expect(await checkTotp(RFC_SECRET, '14050472', t, null, { digits: 8 })).toEqual({
      ok: false,
      reason: 'wrong_code',
    });
    const first = await checkTotp(RFC_SECRET, '14050471', t, null, { digits: 8 });
    expect(first.ok).toBe(true);
    const step = first.ok ? first.step : -1;
    expect(await checkTotp(RFC_SECRET, '14050471', t, step, { digits: 8 })).toEqual({
      ok: false,
      reason: 'replay',
    });
  });

  it('accepts one step of clock drift each way, not two', async () => {
    const secret = newTotpSecret();
    const now = Date.parse('2026-11-23T10:00:10Z');
    for (const [offset, ok] of [
      [-30_000, true],
      [30_000, true],
      [-65_000, false],
      [65_000, false],
    ] as const) {
      const code = await totpCode(secret, now + offset);
      expect((await checkTotp(secret, code, now, null)).ok, `offset ${offset}`).toBe(ok);
    }
  });

  it('makes 160-bit secrets, an otpauth URI with issuer and account, and a grouped key', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/); // 32 base32 characters = 160 bits
    expect(totpUri('alice', secret)).toBe(
      `otpauth://totp/Portcullis:alice?secret=${secret}&issuer=Portcullis`,
    );
    expect(groupKey('ABCDEFGHIJ')).toBe('ABCD EFGH IJ');
  });
});
