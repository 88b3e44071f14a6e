import { describe, expect, it } from 'vitest';
import { AUDIT_CATALOG, renderAuditMessage, type AuditCode } from '../audit-catalog';
import { placeholdersOf, pluralFormsOf } from '../message-template';
import { AUDIT_MESSAGES, formatAuditMessage, type AuditMessageSource } from './index';

const CODES = Object.keys(AUDIT_CATALOG) as AuditCode[];

/** An event as stored by main: the English message rendered from the same code and details. */
function stored(
  code: AuditCode,
  details: Record<string, unknown>,
  actorName: string | null = 'olivia',
  subjectName: string | null = 'mike',
): AuditMessageSource {
  const message = renderAuditMessage(code, { actor: actorName, subject: subjectName }, details);
  return { code, message, actorName, subjectName, details };
}

describe('audit messages in the viewer language (issue 17)', () => {
  it.each(['es', 'ru'] as const)(
    '%s: every catalogued code, the same placeholders as English, nothing left in English',
    (l) => {
      const t = AUDIT_MESSAGES[l].messages;
      expect(Object.keys(t).sort()).toEqual([...CODES].sort());
      for (const code of CODES) {
        const english: string = AUDIT_CATALOG[code].message;
        expect([code, placeholdersOf(t[code])]).toEqual([code, placeholdersOf(english)]);
        expect([code, t[code]]).not.toEqual([code, english]);
      }
    },
  );

  it('Russian: Cyrillic everywhere, and every plural lists one, few, many and other', () => {
    for (const [code, text] of Object.entries(AUDIT_MESSAGES.ru.messages)) {
      expect([code, /[а-яё]/i.test(text)]).toEqual([code, true]);
      for (const key of placeholdersOf(text))
        for (const forms of pluralFormsOf(text, key))
          expect([code, key, [...forms].sort()]).toEqual([code, key, ['few', 'many', 'one', 'other']]);
    }
  });

  it.each([
    [1, 'Olivia: завершён 1 сеанс пользователя mike'],
    [3, 'Olivia: завершены 3 сеанса пользователя mike'],
    [5, 'Olivia: завершено 5 сеансов пользователя mike'],
    [11, 'Olivia: завершено 11 сеансов пользователя mike'],
    [21, 'Olivia: завершён 21 сеанс пользователя mike'],
  ])('Russian plural: all %i sessions ended', (count, text) => {
    expect(formatAuditMessage(stored('admin.sessions:revoked_all', { count }, 'Olivia'), 'ru')).toBe(text);
  });

  it('Russian backup codes left and retention days decline with the number', () => {
    const used = (remaining: number) =>
      formatAuditMessage(stored('user.2fa:backup_code_used', { remaining }), 'ru');
    expect(used(1)).toBe('Использован резервный код пользователя mike (остался 1 код)');
    expect(used(2)).toBe('Использован резервный код пользователя mike (осталось 2 кода)');
    expect(used(0)).toBe('Использован резервный код пользователя mike (осталось 0 кодов)');
    expect(formatAuditMessage(stored('audit:retention_applied', { removed: 1, days: 21 }), 'ru')).toBe(
      'Хранение журнала аудита: удалено 1 событие старше 21 дня',
    );
    expect(formatAuditMessage(stored('audit:retention_applied', { removed: 7, days: 365 }), 'ru')).toBe(
      'Хранение журнала аудита: удалено 7 событий старше 365 дней',
    );
  });

  it('Spanish: names, details and singular/plural', () => {
    expect(formatAuditMessage(stored('user:created', { role: 'support' }), 'es')).toBe(
      'olivia creó el usuario mike con el rol Soporte',
    );
    expect(formatAuditMessage(stored('audit:exported', { count: 1, format: 'csv' }), 'es')).toBe(
      'olivia exportó 1 evento de auditoría en formato csv',
    );
    expect(formatAuditMessage(stored('user:locked', { minutes: 15 }), 'es')).toContain(
      'durante 15 minutos tras demasiados intentos fallidos',
    );
  });

  it('coded reasons are shown in words; other values (a token named "expired") never are', () => {
    expect(formatAuditMessage(stored('user:login_failed', { reason: 'wrong_password' }), 'ru')).toBe(
      'Неудачная попытка входа: mike (неверный пароль)',
    );
    expect(formatAuditMessage(stored('session:expired', { reason: 'idle' }), 'es')).toBe(
      'La sesión de mike caducó (inactividad)',
    );
    expect(formatAuditMessage(stored('token:created', { name: 'expired' }), 'es')).toBe(
      'olivia creó el token de API expired para mike',
    );
    expect(formatAuditMessage(stored('user:created', { role: 'member' }), 'ru')).toBe(
      'olivia: создан пользователь mike с ролью Участник',
    );
    // A reason not in the table is shown as recorded.
    expect(formatAuditMessage(stored('session:expired', { reason: 'shutdown' }), 'ru')).toBe(
      'Сеанс пользователя mike истёк (shutdown)',
    );
  });

  it('no actor is the system; a name that looks like a template is not filled again', () => {
    expect(formatAuditMessage(stored('settings.mail:updated', {}, null), 'ru')).toBe(
      'Система: изменены настройки почты (SMTP)',
    );
    expect(formatAuditMessage(stored('admin.user:blocked', {}, null, null), 'es')).toBe(
      'El sistema bloqueó a un usuario desconocido',
    );
    expect(formatAuditMessage(stored('admin.user:blocked', {}, '{subject}', '{actor}'), 'es')).toBe(
      '{subject} bloqueó a {actor}',
    );
  });

  it('English, and codes this version does not know, show the stored text unchanged', () => {
    const e = stored('user:created', { role: 'member' });
    expect(formatAuditMessage(e, 'en')).toBe('olivia created user mike with role member');
    const future = { ...e, code: 'user:teleported', message: 'mike teleported' };
    expect(formatAuditMessage(future, 'ru')).toBe('mike teleported');
    // A detail missing from an old event leaves its placeholder visible rather than guessing.
    expect(formatAuditMessage(stored('token:created', {}), 'ru')).toBe(
      'olivia: создан API-токен {name} для пользователя mike',
    );
  });
});
