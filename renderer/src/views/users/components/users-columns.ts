import { h } from 'vue';
import {
  NButton,
  NDropdown,
  NIcon,
  NTag,
  NText,
  type DataTableColumns,
  type DataTableSortOrder,
} from 'naive-ui';
import { EllipsisHorizontal } from '@vicons/ionicons5';
import type { UserStatus, UserView } from '@shared/domain/user';
import type { UsersQueryState, UserSortKey } from '@/stores/users.store';

type Translate = (key: string, named?: Record<string, unknown>) => string;
type TagType = 'success' | 'warning' | 'error';

const STATUS_TAG: Record<UserStatus, TagType> = { active: 'success', locked: 'warning', blocked: 'error' };

/** A row action: its key, and whether it applies to the user (the caller also filters by permission). */
export interface RowAction {
  key: string;
  label: string;
  show: (user: UserView) => boolean;
}

/** Builds the users table columns; sortable headers reflect the store's sort. */
export function usersColumns(
  t: Translate,
  formatDate: (iso: string | null) => string,
  query: Pick<UsersQueryState, 'sort' | 'direction'>,
  actions: readonly RowAction[],
  onAction: (key: string, user: UserView) => void,
): DataTableColumns<UserView> {
  const order = (key: UserSortKey): DataTableSortOrder =>
    query.sort === key ? (query.direction === 'asc' ? 'ascend' : 'descend') : false;
  const sortable = (key: UserSortKey) => ({ key, sorter: true, sortOrder: order(key) });

  const columns: DataTableColumns<UserView> = [
    { type: 'selection', fixed: 'left' },
    {
      ...sortable('username'),
      title: t('users.colUser'),
      width: 200,
      fixed: 'left',
      render: (user) =>
        h('div', { class: 'users-cell', 'data-testid': `user-row-${user.username}` }, [
          h(NText, { strong: true }, () => user.username),
          h(NText, { depth: 3 }, () => user.displayName),
        ]),
    },
    { ...sortable('email'), title: t('users.colEmail'), minWidth: 200, ellipsis: { tooltip: true } },
    {
      ...sortable('role'),
      title: t('users.colRole'),
      width: 100,
      render: (user) => h(NTag, { size: 'small', bordered: false }, () => t(`roles.${user.role}`)),
    },
    {
      key: 'status',
      title: t('users.colStatus'),
      width: 100,
      render: (user) =>
        h(
          NTag,
          {
            size: 'small',
            type: STATUS_TAG[user.status],
            bordered: false,
            'data-testid': `user-status-${user.username}`,
          },
          () => t(`status.${user.status}`),
        ),
    },
    {
      key: 'twoFactorMethod',
      title: t('users.col2fa'),
      width: 160,
      render: (user) =>
        user.twoFactorMethod
          ? h(
              NTag,
              { size: 'small', type: 'success', round: true, 'data-testid': `user-2fa-${user.username}` },
              () => `2FA · ${t(`twoFactor.${user.twoFactorMethod ?? 'totp'}`)}`,
            )
          : h(NText, { depth: 3, 'data-testid': `user-2fa-${user.username}` }, () => t('common.off')),
    },
    {
      ...sortable('lastLoginAt'),
      title: t('users.colLastLogin'),
      width: 190,
      className: 'nowrap',
      render: (user) => (user.lastLoginAt ? formatDate(user.lastLoginAt) : t('usersAdmin.never')),
    },
    {
      key: 'activeSessions',
      title: t('usersAdmin.colSessions'),
      width: 90,
      align: 'right',
      render: (user) => String(user.activeSessions ?? 0),
    },
  ];
  if (actions.length > 0)
    columns.push({
      key: 'actions',
      title: t('usersAdmin.actions'),
      width: 80,
      fixed: 'right',
      align: 'center',
      render: (user) => {
        const options = actions.filter((a) => a.show(user)).map((a) => ({ key: a.key, label: a.label }));
        return h(
          NDropdown,
          {
            trigger: 'click',
            options,
            onSelect: (key: string) => {
              onAction(key, user);
            },
          },
          () =>
            h(
              NButton,
              {
                quaternary: true,
                circle: true,
                size: 'small',
                'aria-label': t('usersAdmin.rowActions', { user: user.username }),
                'data-testid': `user-actions-${user.username}`,
              },
              { icon: () => h(NIcon, { component: EllipsisHorizontal }) },
            ),
        );
      },
    });
  return columns;
}
