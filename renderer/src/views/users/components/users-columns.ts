import { h, type HTMLAttributes } from 'vue';
import {
  NButton,
  NCheckbox,
  NDescriptions,
  NDescriptionsItem,
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

/** HTML attributes with the e2e hook (Vue's attribute types have no `data-*` keys). */
const testId = (id: string): HTMLAttributes => Object.assign({}, { 'data-testid': id }) as HTMLAttributes;

/** The expanded row: what does not fit a 1366 px screen (phone, sessions, dates, rights). */
function userDetails(t: Translate, formatDate: (iso: string | null) => string, user: UserView) {
  const yesNo = (v: boolean | undefined) => (v ? t('ui.users.yes') : t('ui.users.no'));
  return h(
    NDescriptions,
    {
      column: 3,
      size: 'small',
      labelPlacement: 'left',
      bordered: true,
      'data-testid': `user-details-${user.username}`,
    },
    () => [
      h(NDescriptionsItem, { label: t('users.colEmail') }, () => user.email),
      h(NDescriptionsItem, { label: t('ui.users.phone') }, () => user.phone ?? t('common.none')),
      h(NDescriptionsItem, { label: t('usersAdmin.colSessions') }, () => String(user.activeSessions ?? 0)),
      h(NDescriptionsItem, { label: t('ui.users.created') }, () => formatDate(user.createdAt)),
      h(NDescriptionsItem, { label: t('ui.users.blockingDate') }, () =>
        user.blockingDate ? formatDate(user.blockingDate) : t('common.none'),
      ),
      h(NDescriptionsItem, { label: t('ui.users.mustChangePassword') }, () => yesNo(user.mustChangePassword)),
    ],
  );
}

/** The check boxes of the users table (Naive's own have no accessible name). */
export interface RowSelection {
  isChecked: (user: UserView) => boolean;
  toggle: (user: UserView, on: boolean) => void;
  /** How many rows of this page are checked. */
  page: 'all' | 'some' | 'none';
  toggleAll: (on: boolean) => void;
}

/**
 * Builds the users table columns; sortable headers reflect the store's sort. They fit the content
 * width of a 1366 px screen (USERS_TABLE_WIDTH); the rest is in the expanded row.
 */
export function usersColumns(
  t: Translate,
  formatDate: (iso: string | null) => string,
  query: Pick<UsersQueryState, 'sort' | 'direction'>,
  actions: readonly RowAction[],
  onAction: (key: string, user: UserView) => void,
  selection: RowSelection,
): DataTableColumns<UserView> {
  const order = (key: UserSortKey): DataTableSortOrder =>
    query.sort === key ? (query.direction === 'asc' ? 'ascend' : 'descend') : false;
  const sortable = (key: UserSortKey) => ({ key, sorter: true, sortOrder: order(key) });

  const columns: DataTableColumns<UserView> = [
    { type: 'expand', width: 40, fixed: 'left', renderExpand: (user) => userDetails(t, formatDate, user) },
    {
      key: 'select',
      width: 40,
      fixed: 'left',
      title: () =>
        h(NCheckbox, {
          checked: selection.page === 'all',
          indeterminate: selection.page === 'some',
          'aria-label': t('ui.users.selectPage'),
          onUpdateChecked: (on: boolean) => {
            selection.toggleAll(on);
          },
        }),
      render: (user) =>
        h(NCheckbox, {
          checked: selection.isChecked(user),
          'aria-label': t('ui.users.select', { user: user.username }),
          'data-testid': `user-select-${user.username}`,
          onUpdateChecked: (on: boolean) => {
            selection.toggle(user, on);
          },
        }),
    },
    {
      ...sortable('username'),
      title: t('users.colUser'),
      width: 180,
      fixed: 'left',
      ellipsis: { tooltip: true },
      render: (user) =>
        h('div', { class: 'users-cell', 'data-testid': `user-row-${user.username}` }, [
          h(NText, { strong: true }, () => user.username),
          h(NText, { depth: 3 }, () => user.displayName),
        ]),
    },
    { ...sortable('email'), title: t('users.colEmail'), minWidth: 160, ellipsis: { tooltip: true } },
    {
      ...sortable('role'),
      title: t('users.colRole'),
      width: 96,
      render: (user) => h(NTag, { size: 'small', bordered: false }, () => t(`roles.${user.role}`)),
    },
    {
      key: 'status',
      title: t('users.colStatus'),
      width: 90,
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
      width: 150,
      render: (user) =>
        user.twoFactorMethod
          ? h(
              NTag,
              { size: 'small', type: 'success', round: true, 'data-testid': `user-2fa-${user.username}` },
              () => t(`twoFactor.${user.twoFactorMethod ?? 'totp'}`),
            )
          : h(NText, { depth: 3, 'data-testid': `user-2fa-${user.username}` }, () => t('common.off')),
    },
    {
      ...sortable('lastLoginAt'),
      title: t('users.colLastLogin'),
      width: 170,
      render: (user) => (user.lastLoginAt ? formatDate(user.lastLoginAt) : t('usersAdmin.never')),
    },
  ];
  if (actions.length > 0)
    columns.push({
      key: 'actions',
      title: t('usersAdmin.actions'),
      width: 84,
      fixed: 'right',
      align: 'center',
      render: (user) => {
        const options = actions
          .filter((a) => a.show(user))
          .map((a) => ({ key: a.key, label: a.label, props: testId(`row-action-${a.key}`) }));
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

/** The sum of the column widths above (the email column at its minimum): fits 1366 px. */
export const USERS_TABLE_WIDTH = 40 + 40 + 180 + 160 + 96 + 90 + 150 + 170 + 84;
