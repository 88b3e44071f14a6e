import { afterEach, describe, expect, it } from 'vitest';
import { err } from '@shared/result';
import { i18n } from './index';
import { errorText } from './error-text';

afterEach(() => {
  i18n.global.locale.value = 'en';
});

const ENGLISH = 'Only the owner can send a password reset to an administrator (ada). Ask them to do it.';

describe('refusals main explains with a rule code read in the window’s language (issue 17 item 1)', () => {
  it('a Russian permission_denied with rule above_role names the role in Russian, not main’s English', () => {
    i18n.global.locale.value = 'ru';
    const text = errorText(
      err('permission_denied', ENGLISH, { userId: 4, rule: 'above_role', targetRole: 'admin' }),
    );
    expect(text).toBe(
      'Роль этого пользователя (Администратор) выше вашей. Попросите сделать это пользователя с более высокой ролью.',
    );
    // Without the rule the same refusal only gets the code's generic sentence.
    expect(errorText(err('permission_denied', ENGLISH))).not.toBe(text);
  });

  it('each recovery rule has its own Spanish sentence; own role and owner role have theirs', () => {
    i18n.global.locale.value = 'es';
    const say = (details: Record<string, string | number>) =>
      errorText(err('permission_denied', ENGLISH, details));
    const texts = [
      say({ rule: 'recover_self', action: 'email' }),
      say({ rule: 'recover_self', action: 'role' }),
      say({ rule: 'recover_owner', action: 'reset', targetRole: 'owner' }),
      say({ rule: 'recover_owner', action: 'role', targetRole: 'owner' }),
      say({ rule: 'recover_peer', targetRole: 'admin' }),
      say({ rule: 'above_role', targetRole: 'owner' }),
      say({ rule: 'role_above_own', role: 'owner' }),
    ];
    expect(new Set(texts).size).toBe(texts.length);
    expect(texts[4]).toContain('(Administrador)');
    expect(texts.join(' ')).not.toContain('ada');
    // An unknown role or rule falls back to the generic sentence instead of a half-filled one.
    expect(say({ rule: 'above_role', targetRole: 'wizard' })).toBe(i18n.global.t('errors.permission_denied'));
    expect(say({ rule: 'no_such_rule' })).toBe(i18n.global.t('errors.permission_denied'));
  });

  it('schema issues from main read with their bound and Russian plural forms', () => {
    i18n.global.locale.value = 'ru';
    const bad = (d: Record<string, string | number | boolean>) =>
      errorText(err('invalid_input', 'username: x', d));
    expect(bad({ field: 'username', issue: 'too_small', origin: 'string', minimum: 3 })).toBe(
      'Введите не меньше 3 символов.',
    );
    expect(bad({ field: 'name', issue: 'too_big', origin: 'string', maximum: 1 })).toBe(
      'Введите не больше 1 символа.',
    );
    expect(bad({ field: 'email', issue: 'invalid_format', format: 'email' })).toBe(
      'Введите правильный адрес электронной почты.',
    );
    expect(bad({ rule: 'token_months', min: 1, max: 12 })).toBe('Токен действует от 1 до 12 месяцев.');
    expect(bad({ field: 'x', issue: 'custom' })).toBe(i18n.global.t('errors.invalid_input'));
  });

  it('English keeps main’s precise text; conflict block_self is translated in every language', () => {
    expect(errorText(err('permission_denied', ENGLISH, { rule: 'above_role', targetRole: 'admin' }))).toBe(
      ENGLISH,
    );
    expect(errorText(err('conflict', 'You cannot block your own account.', { rule: 'block_self' }))).toBe(
      'You cannot block your own account.',
    );
    i18n.global.locale.value = 'es';
    expect(errorText(err('conflict', 'x', { rule: 'block_self' }))).toBe(
      'No puede bloquear su propia cuenta.',
    );
  });
});
