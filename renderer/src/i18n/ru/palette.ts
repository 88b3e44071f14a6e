import type { paletteMessages as en } from '../en/palette';

/** Russian messages of the command palette (Ctrl+K) and the "?" shortcuts overlay. */
export const paletteMessages: typeof en = {
  palette: {
    title: 'Найти пользователя',
    searchLabel: 'Имя, имя пользователя или электронная почта',
    placeholder: 'Введите имя или адрес почты…',
    results: 'Действия с найденными пользователями',
    hint: 'Введите часть имени или адреса почты, чтобы найти пользователя.',
    searching: 'Поиск…',
    failed: 'Поиск не удался. Проверьте подключение и попробуйте ещё раз.',
    noResults: 'Никого не найдено. Проверьте написание или введите меньше.',
    found: 'Найден {n} пользователь | Найдено {n} пользователя | Найдено {n} пользователей',
    keys: '↑ ↓ — выбрать · Enter — выполнить · Esc — закрыть',
    close: 'Закрыть',
    action: {
      edit: 'Открыть {user}',
      disable2fa: 'Отключить двухфакторную аутентификацию для {user}',
      revokeSessions: 'Завершить все сеансы {user}',
    },
    shortcuts: {
      title: 'Сочетания клавиш',
      palette: 'Найти пользователя и выполнить действие поддержки',
      overlay: 'Показать этот список сочетаний',
      move: 'Выбрать строку в палитре',
      run: 'Выполнить выбранное действие',
      close: 'Закрыть палитру или этот список',
    },
  },
};
