import { afterEach, describe, expect, it } from 'vitest';
import { ERROR_CODES, err, type ErrorCode } from '@shared/result';
import { i18n } from './index';
import { errorText } from './error-text';

afterEach(() => {
  i18n.global.locale.value = 'en';
});

describe('errors from main, translated from their code and details', () => {
  it('gives every code its own sentence in Spanish and Russian, never main’s English text', () => {
    for (const locale of ['es', 'ru'] as const) {
      i18n.global.locale.value = locale;
      for (const code of ERROR_CODES) {
        const text = errorText(err(code, 'ENGLISH FROM MAIN', { minutes: 3, seconds: 30 }));
        expect(text, `${locale} ${code}`).not.toContain('ENGLISH FROM MAIN');
        expect(text, `${locale} ${code}`).not.toMatch(/^errors\./);
      }
    }
  });

  it('fills parameters from details, with Russian plural forms', () => {
    i18n.global.locale.value = 'ru';
    expect(errorText(err('account_locked', 'x', { minutes: 1 }))).toContain('на 1 минуту');
    expect(errorText(err('account_locked', 'x', { minutes: 3 }))).toContain('на 3 минуты');
    expect(errorText(err('account_locked', 'x', { minutes: 15 }))).toContain('на 15 минут');
    expect(errorText(err('retry_later', 'x', { seconds: 22 }))).toContain('22 секунды');
    expect(errorText(err('retry_later', 'x', { minutes: 5 }))).toContain('5 минут');
    expect(errorText(err('invalid_code', 'x', { attemptsLeft: 2 }))).toContain('Осталось попыток: 2');
  });

  it('names the password rule that failed, with its numbers', () => {
    const policy = (details: Record<string, string | number>) =>
      errorText(err('password_policy', 'x', details));
    i18n.global.locale.value = 'es';
    expect(policy({ rule: 'min_length', min: 12 })).toContain('al menos 12 caracteres');
    expect(policy({ rule: 'context', word: 'acme', min: 12 })).toContain('«acme»');
    i18n.global.locale.value = 'ru';
    expect(policy({ rule: 'min_length', min: 12 })).toContain('не меньше 12 символов');
    expect(policy({ rule: 'reuse', count: 5 })).toContain('последние 5');
    expect(policy({ rule: 'no-such-rule' })).toBe(i18n.global.t('errors.password_policy'));
  });

  it('says which field clashes', () => {
    i18n.global.locale.value = 'es';
    expect(errorText(err('conflict', 'x', { field: 'email' }))).toContain('dirección de correo electrónico');
    expect(errorText(err('conflict', 'x', { field: 'other' }))).toBe(i18n.global.t('errors.conflict'));
  });

  it('keeps main’s precise English text in English, and shows it for a code it does not know', () => {
    expect(errorText(err('invalid_input', 'username: Use at least 3 characters'))).toBe(
      'username: Use at least 3 characters',
    );
    i18n.global.locale.value = 'ru';
    const unknown = {
      ok: false as const,
      code: 'brand_new' as ErrorCode,
      message: 'A newer server says no.',
    };
    expect(errorText(unknown)).toBe('A newer server says no.');
  });
});
