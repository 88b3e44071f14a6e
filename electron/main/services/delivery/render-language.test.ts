import { describe, expect, it } from 'vitest';
import { catalogFor, renderCodeSms, renderEmail, renderTestSms } from './render';

const ru = catalogFor('ru');
const es = catalogFor('es');

describe('emails and SMS in the recipient language (issue 17)', () => {
  it('a Russian password reset code email: Russian subject, greeting, code, plural minutes, footer', () => {
    const mail = renderEmail('password_reset_code', { username: 'mike', code: '654321', minutes: 30 }, ru);
    expect(mail.subject).toBe('Сброс пароля Portcullis');
    expect(mail.text).toBe(
      [
        'Здравствуйте, mike!',
        '',
        'Ваш код для сброса пароля: 654321',
        'Код действует 30 минут. Если вы не запрашивали сброс пароля, свяжитесь с администратором.',
        '',
        '— Portcullis',
        '',
        'Это сообщение отправлено Portcullis автоматически. Пожалуйста, не отвечайте на него.',
      ].join('\n'),
    );
    expect(mail.html).toContain('<html lang="ru">');
  });

  it.each([
    [1, 'минуту'],
    [2, 'минуты'],
    [4, 'минуты'],
    [5, 'минут'],
    [11, 'минут'],
    [12, 'минут'],
    [14, 'минут'],
    [21, 'минуту'],
    [22, 'минуты'],
    [25, 'минут'],
    [101, 'минуту'],
    [111, 'минут'],
  ])('Russian 2FA code: %i %s (Intl.PluralRules)', (minutes, word) => {
    const mail = renderEmail(
      'verification_code',
      { username: 'mike', code: '123456', purpose: 'enable_2fa', minutes },
      ru,
    );
    expect(mail.subject).toBe('Ваш код подтверждения Portcullis');
    expect(mail.text).toContain('Ваш код, чтобы включить двухфакторную аутентификацию: 123456');
    expect(mail.text).toContain(`Код действует ${minutes} ${word}.`);
  });

  it.each([
    [1, 'день'],
    [3, 'дня'],
    [5, 'дней'],
    [11, 'дней'],
    [21, 'день'],
  ])('Russian blocking notice: через %i %s, the date in Russian', (daysLeft, word) => {
    const mail = renderEmail(
      'blocking_notice',
      { username: 'mike', blockingDate: '2026-03-07', daysLeft },
      ru,
    );
    expect(mail.subject).toBe('Ваша учётная запись будет заблокирована 7 марта 2026 г.');
    expect(mail.text).toContain(`(через ${daysLeft} ${word}).`);
  });

  it('Spanish (usted): 2FA code, singular and plural minutes, the method in words', () => {
    const one = renderEmail(
      'verification_code',
      { username: 'ana', code: '123456', purpose: 'sign_in', minutes: 1 },
      es,
    );
    expect(one.text).toContain('Hola, ana:\n\nSu código para iniciar sesión es: 123456\nCaduca en 1 minuto.');
    const ten = renderEmail('email_change_code', { username: 'ana', code: '111999', minutes: 10 }, es);
    expect(ten.text).toContain('Caduca en 10 minutos.');
    const on = renderEmail('two_factor_enabled', { username: 'ana', method: 'totp' }, es);
    expect(on.text).toContain('La autenticación en dos pasos (aplicación de autenticación) ya está activada');
  });

  it('dates and unknown places in the language, always in UTC and saying so', () => {
    const data = { username: 'mike', at: '2026-03-02T09:00:00.000Z', ip: '81.2.69.142', location: 'Unknown' };
    expect(renderEmail('password_changed', data, ru).text).toContain(
      'изменён 2 марта 2026 г. в 09:00:00 UTC с адреса 81.2.69.142 (место неизвестно).',
    );
    expect(renderEmail('password_changed', data, es).text).toContain(
      'se cambió el 2 de marzo de 2026 a las 9:00:00 UTC desde 81.2.69.142 (lugar desconocido).',
    );
    expect(renderEmail('password_changed', data).text).toContain(
      'changed on March 2, 2026 at 9:00:00 AM UTC from 81.2.69.142 (place unknown).',
    );
  });

  it('SMS: code and test message in Russian and Spanish; English stays the default', () => {
    const code = { code: '123456', purpose: 'sign_in' as const, minutes: 5 };
    expect(renderCodeSms(code, ru)).toBe('Код Portcullis, чтобы войти: 123456. Действует 5 мин.');
    expect(renderCodeSms(code, es)).toBe(
      'Código de Portcullis para iniciar sesión: 123456. Caduca en 5 min.',
    );
    expect(renderTestSms('olivia', ru)).toBe(
      'Тестовое сообщение Portcullis от пользователя olivia: SMS-шлюз работает.',
    );
    expect(catalogFor(null)).toBe(catalogFor('en'));
    expect(catalogFor(undefined).language).toBe('en');
  });

  it('escapes HTML in every language', () => {
    const mail = renderEmail(
      'two_factor_disabled_by_admin',
      { username: 'mike', operator: 'sam', reason: 'Потерян телефон <ticket #42>' },
      ru,
    );
    expect(mail.text).toContain('Указанная причина: Потерян телефон <ticket #42>');
    expect(mail.html).toContain('Указанная причина: Потерян телефон &#60;ticket #42&#62;');
    expect(mail.html).not.toContain('<ticket');
  });
});
