import type { uiMessages as en } from '../en/ui';

/** Russian messages added by the UI review: tables, labels, dialogs with context. */
export const uiMessages: typeof en = {
  ui: {
    table: {
      details: 'Показать или скрыть подробности',
      userDetails: 'Подробности: {user}',
      sessionDetails: 'Подробности сеанса на устройстве {device}',
      eventDetails: 'Подробности события {id}',
      scrollHint: 'Прокрутите в сторону, чтобы увидеть остальные столбцы',
    },
    users: {
      phone: 'Телефон',
      created: 'Создан',
      mustChangePassword: 'Требуется смена пароля',
      blockingDate: 'Дата блокировки',
      yes: 'Да',
      no: 'Нет',
      role: 'Роль',
      status: 'Состояние',
      twoFactor: 'Двухфакторная аутентификация',
      select: 'Выбрать пользователя {user}',
      selectPage: 'Выбрать всех пользователей на этой странице',
    },
    disable2fa: {
      checkIdentity:
        'Прежде чем продолжить, сверьте эти данные с обратившимся человеком. Не зачитывайте их: попросите человека назвать их самому.',
      name: 'Имя',
      method: 'Способ двухфакторной аутентификации',
      whatHappens: 'Что произойдёт с пользователем {user}:',
      codesStop:
        'Коды из приложения-аутентификатора, по электронной почте или SMS больше не запрашиваются: для входа достаточно пароля.',
      backupCodesStop: 'Резервные коды перестают действовать.',
      sessionsEnd: 'Все сеансы пользователя завершаются сейчас; его окна вернутся к экрану входа.',
      emailed: 'На адрес {email} придёт письмо: кто отключил аутентификацию и по какой причине.',
      reasonNeeded:
        'Укажите причину (не короче {n} символов), чтобы кнопка стала доступна. Причина сохраняется в журнале аудита и отправляется пользователю.',
      reasonKept: 'Причина сохраняется в журнале аудита и отправляется пользователю.',
      confirm: 'Отключить двухфакторную аутентификацию для {user}',
    },
    errors: {
      backupCodeUsed:
        'Этот резервный код уже использован: каждый резервный код действует один раз. Введите другой резервный код.',
    },
    setup: {
      rules:
        'Длина — от {min} до {max} символов. Пароль не должен быть распространённым или строиться на вашем имени пользователя или адресе электронной почты. Четыре и более не связанных между собой слова дают надёжный и легко запоминающийся пароль.',
    },
    confirm: {
      unlock: {
        title: 'Снять временную блокировку: {who}',
        button:
          'Снять блокировку с {n} пользователя | Снять блокировку с {n} пользователей | Снять блокировку с {n} пользователей',
      },
      sendPasswordReset: {
        title: 'Отправить код сброса пароля: {who}',
        button: 'Отправить {n} код | Отправить {n} кода | Отправить {n} кодов',
      },
      revokeSessions: { title: 'Завершить все сеансы: {who}', button: 'Завершить сеансы' },
      forcePasswordChange: {
        title: 'Потребовать новый пароль: {who}',
        button: 'Потребовать новый пароль',
      },
      block: {
        title: 'Заблокировать: {who}',
        button:
          'Заблокировать {n} пользователя | Заблокировать {n} пользователей | Заблокировать {n} пользователей',
      },
      unblock: {
        title: 'Разблокировать: {who}',
        button:
          'Разблокировать {n} пользователя | Разблокировать {n} пользователей | Разблокировать {n} пользователей',
      },
    },
    sessions: {
      endConfirmMine: 'Завершить сеанс на устройстве {device} ({ip})? На нём придётся войти снова.',
      endConfirmOther:
        'Завершить сеанс пользователя {user} на устройстве {device} ({ip})? На этом устройстве придётся войти снова; остальные сеансы сохранятся.',
      noOthers: 'Вход выполнен только здесь: других сеансов для завершения нет.',
    },
    audit: {
      exportProgress: 'Ход экспорта',
      eventLabel: 'Событие или группа',
      eventPlaceholder: 'Все события',
      rangeLabel: 'Период (с – по)',
      rangeStart: 'С',
      rangeEnd: 'По',
      userLabel: 'Пользователь (кто/с кем)',
      ipLabel: 'IP-адрес',
      textLabel: 'Текст в сообщении',
      shownOf:
        'Показано {shown} из {total} события | Показано {shown} из {total} событий | Показано {shown} из {total} событий',
      shownOfAbout: 'Показано событий: {shown} из примерно {total}',
      shownOfMore: 'Показано событий: {shown} из более чем {total}',
      unknownEvent: 'Другое событие ({code})',
    },
    events: {
      user_logged_in: 'Вход',
      user_logged_out: 'Выход',
      user_login_failed: 'Неудачный вход',
      user_locked: 'Учётная запись временно заблокирована',
      user_created: 'Пользователь создан',
      user_password_reset_requested: 'Запрошен сброс пароля',
      user_profile_updated: 'Профиль изменён',
      user_preferences_updated: 'Личные настройки изменены',
      user_password_changed: 'Пароль изменён',
      user_2fa_enabled: 'Двухфакторная аутентификация включена',
      user_2fa_disabled: 'Двухфакторная аутентификация выключена',
      user_2fa_backup_codes_regenerated: 'Новые резервные коды',
      user_2fa_backup_code_used: 'Использован резервный код',
      user_2fa_disabled_by_admin: 'Двухфакторная аутентификация отключена поддержкой',
      setup_owner_created: 'Создан владелец (первый запуск)',
      session_expired: 'Сеанс истёк',
      linked_token_updated: 'Токен flespi обновлён',
      admin_user_unlocked: 'Временная блокировка снята',
      admin_user_blocked: 'Пользователь заблокирован',
      admin_user_unblocked: 'Пользователь разблокирован',
      admin_user_updated: 'Пользователь изменён',
      session_revoked: 'Сеанс завершён',
      token_created: 'API-токен создан',
      token_revoked: 'API-токен отозван',
      admin_user_password_change_forced: 'Потребована смена пароля',
      admin_user_password_reset_sent: 'Отправлен код сброса пароля',
      admin_sessions_revoked_all: 'Все сеансы завершены',
      user_password_reset: 'Пароль сброшен',
      user_blocked_on_date: 'Заблокирован в дату блокировки',
      settings_changed: 'Настройки изменены',
      audit_exported: 'Журнал аудита экспортирован',
      audit_retention_applied: 'Старые события аудита удалены',
      audit_signing_key_rotated: 'Ключ подписи сменён',
      audit_signing_key_revoked: 'Ключ подписи отмечен как скомпрометированный',
      audit_signing_key_saved: 'Открытый ключ подписи сохранён',
      delivery_sms_fallback: 'SMS не отправлено, код отправлен по почте',
      delivery_outbox_retried: 'Сообщение отправлено повторно',
      delivery_outbox_cancelled: 'Сообщение отменено',
      settings_mail_updated: 'Настройки почты изменены',
      settings_sms_updated: 'Настройки SMS изменены',
      settings_services_updated: 'Услуги учётной записи изменены',
    },
  },
};
