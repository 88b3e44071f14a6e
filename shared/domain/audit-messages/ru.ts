import type { AuditMessages } from './types';

const EVENTS = '{count|one:событие|few:события|many:событий|other:события}';

/**
 * Audit messages in Russian (shown to Russian viewers; the stored text and exports stay English).
 * A person's name is never the subject of a past-tense verb, whose ending would need their
 * gender: "{actor}: создан пользователь …", "Вход в систему: {subject}".
 */
export const auditMessagesRu: AuditMessages = {
  system: 'Система',
  unknownUser: 'неизвестный пользователь',
  values: {
    wrong_password: 'неверный пароль',
    'wrong password': 'неверный пароль',
    wrong_code: 'неверный код',
    expired: 'срок действия истёк',
    replay: 'код уже использован',
    backup_used: 'резервный код уже использован',
    locked: 'учётная запись временно заблокирована',
    blocked: 'учётная запись заблокирована',
    unknown_user: 'неизвестный пользователь',
    idle: 'бездействие',
    'idle timeout': 'бездействие',
    lifetime: 'превышено максимальное время',
    service_off: 'сервис отключён',
    no_messages_left: 'не осталось сообщений',
    no_right: 'нет права на SMS',
    gateway_error: 'ошибка шлюза',
    no_phone: 'нет номера телефона',
    owner: 'Владелец',
    admin: 'Администратор',
    support: 'Поддержка',
    auditor: 'Аудитор',
    member: 'Участник',
  },
  messages: {
    'user:logged_in': 'Вход в систему: {subject}',
    'user:logged_out': 'Выход из системы: {subject}',
    'user:login_failed': 'Неудачная попытка входа: {subject} ({reason})',
    'user:locked':
      'Учётная запись {subject} заблокирована на {minutes} {minutes|one:минуту|few:минуты|many:минут|other:минуты} после слишком большого числа неудачных попыток',
    'user:created': '{actor}: создан пользователь {subject} с ролью {role}',
    'user.password:reset_requested': 'Запрошен сброс пароля',
    'user.profile:updated': 'Профиль пользователя {subject} обновлён',
    'user.preferences:updated': 'Настройки пользователя {subject} обновлены',
    'user.password:changed': 'Пароль пользователя {subject} изменён',
    'user.2fa:enabled': 'Двухфакторная аутентификация включена для пользователя {subject}',
    'user.2fa:disabled': 'Двухфакторная аутентификация отключена для пользователя {subject}',
    'user.2fa:backup_codes_regenerated': 'Созданы новые резервные коды для пользователя {subject}',
    'user.2fa:backup_code_used':
      'Использован резервный код пользователя {subject} ({remaining|one:остался|few:осталось|many:осталось|other:осталось} {remaining} {remaining|one:код|few:кода|many:кодов|other:кода})',
    'user.2fa:disabled_by_admin':
      '{actor}: отключена двухфакторная аутентификация пользователя {subject} (причина: {reason})',
    'setup:owner_created': 'Первый запуск: создана учётная запись владельца {subject}',
    'session:expired': 'Сеанс пользователя {subject} истёк ({reason})',
    'linked_token:updated': '{actor}: обновлён токен связанного сервиса ({region}, {source})',
    'admin.user:unlocked': '{actor}: снята временная блокировка пользователя {subject}',
    'admin.user:blocked': '{actor}: заблокирован пользователь {subject}',
    'admin.user:unblocked': '{actor}: разблокирован пользователь {subject}',
    'admin.user:updated': '{actor}: обновлены данные пользователя {subject}',
    'session:revoked': '{actor}: завершён сеанс пользователя {subject}',
    'token:created': '{actor}: создан API-токен {name} для пользователя {subject}',
    'token:revoked': '{actor}: отозван API-токен {name} пользователя {subject}',
    'admin.user:password_change_forced':
      '{actor}: пользователь {subject} должен сменить пароль при следующем входе',
    'admin.user:password_reset_sent': '{actor}: пользователю {subject} отправлен код сброса пароля',
    'admin.sessions:revoked_all':
      '{actor}: {count|one:завершён|few:завершены|many:завершено|other:завершено} {count} {count|one:сеанс|few:сеанса|many:сеансов|other:сеанса} пользователя {subject}',
    'user.password:reset': 'Новый пароль пользователя {subject} задан с помощью кода сброса',
    'user:blocked_on_date': 'Учётная запись {subject} заблокирована в дату блокировки {date}',
    'settings:changed': '{actor}: изменены настройки ({section})',
    'audit:exported': `{actor}: экспортировано {count} ${EVENTS} аудита в формате {format}`,
    'audit:retention_applied':
      'Хранение журнала аудита: удалено {removed} {removed|one:событие|few:события|many:событий|other:события} старше {days} {days|one:дня|few:дней|many:дней|other:дня}',
    'audit:signing_key_rotated': '{actor}: ключ подписи аудита {previous} заменён на {fingerprint}',
    'audit:signing_key_revoked': '{actor}: ключ подписи аудита {fingerprint} отмечен как отозванный',
    'audit:signing_key_saved': '{actor}: открытый ключ подписи {fingerprint} сохранён в файл {file}',
    'delivery.sms:fallback':
      'Не удалось отправить SMS пользователю {subject} ({reason}); код отправлен на почту {to}',
    'delivery.outbox:retried': '{actor}: повторная отправка исходящего сообщения № {id}',
    'delivery.outbox:cancelled': '{actor}: отменено исходящее сообщение № {id}',
    'settings.mail:updated': '{actor}: изменены настройки почты (SMTP)',
    'settings.sms:updated': '{actor}: изменены настройки SMS-шлюза',
    'settings.services:updated': '{actor}: изменены сервисы учётной записи',
  },
};
