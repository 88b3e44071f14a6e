import type { uiMessages as en } from '../en/ui';

/** Russian messages added by the UI review: tables, labels, dialogs with context. */
export const uiMessages: typeof en = {
  ui: {
    table: {
      details: 'Показать или скрыть подробности',
      userDetails: 'Подробности: {user}',
      sessionDetails: 'Подробности сеанса на устройстве {device}',
      scrollHint: 'Прокрутите в сторону, чтобы увидеть остальные столбцы',
    },
    users: {
      phone: 'Телефон',
      created: 'Создан',
      mustChangePassword: 'Должен сменить пароль',
      blockingDate: 'Дата блокировки',
      yes: 'Да',
      no: 'Нет',
      role: 'Роль',
      status: 'Состояние',
      twoFactor: 'Двухфакторная аутентификация',
      select: 'Выбрать пользователя {user}',
      selectPage: 'Выбрать всех пользователей на этой странице',
    },
    audit: {
      exportProgress: 'Ход экспорта',
    },
  },
};
