import { h } from 'vue';
import { NTag, NText, type DataTableColumns, type DataTableSortOrder } from 'naive-ui';

import type { UserStatus, UserView } from '@shared/domain/user';
import type { UsersQueryState, UserSortKey } from '@/stores/users.store';

type Translate = (key: string) => string;
type TagType = 'success' | 'warning' | 'error';

const STATUS_TAG: Record<UserStatus, TagType> = { active: 'success', locked: 'warning', blocked: 'error' };

/** Builds the users table columns; sortable headers reflect the store's sort. */
export function usersColumns(
  t: Translate,
  formatDate: (iso: string | null) => string,
  query: Pick<UsersQueryState, 'sort' | 'direction'>,
): DataTableColumns<UserView> {
  const order = (key: UserSortKey): DataTableSortOrder =>
    query.sort === key ? (query.direction === 'asc' ? 'ascend' : 'descend') : false;
  const sortable = (key: UserSortKey) => ({ key, sorter: true, sortOrder: order(key) });

  return [
    {
      ...sortable('username'),
      title: t('users.colUser'),
      minWidth: 180,
      render: (user) =>
        h('div', { class: 'users-cell' }, [
          h(NText, { strong: true }, () => user.username),
          h(NText, { depth: 3 }, () => user.displayName),
        ]),
    },
    { ...sortable('email'), title: t('users.colEmail'), minWidth: 200, ellipsis: { tooltip: true } },
    {
      ...sortable('role'),
      title: t('users.colRole'),
      width: 110,
      render: (user) => h(NTag, { size: 'small', bordered: false }, () => t(`roles.${user.role}`)),
    },
    {
      key: 'status',
      title: t('users.colStatus'),
      width: 110,
      render: (user) =>
        h(NTag, { size: 'small', type: STATUS_TAG[user.status], bordered: false }, () =>
          t(`status.${user.status}`),
        ),
    },
    {
      key: 'twoFactorMethod',
      title: t('users.col2fa'),
      width: 160,
      render: (user) =>
        user.twoFactorMethod
          ? h(NTag, { size: 'small', type: 'success', round: true }, () =>
              t(`twoFactor.${user.twoFactorMethod ?? 'totp'}`),
            )
          : h(NText, { depth: 3 }, () => t('common.off')),
    },
    {
      ...sortable('lastLoginAt'),
      title: t('users.colLastLogin'),
      width: 200,
      className: 'nowrap',
      render: (user) => formatDate(user.lastLoginAt),
    },
    {
      ...sortable('createdAt'),
      title: t('users.colCreated'),
      width: 200,
      className: 'nowrap',
      render: (user) => formatDate(user.createdAt),
    },
  ];
}
