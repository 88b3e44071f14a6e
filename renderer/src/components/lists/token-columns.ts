import { h } from 'vue';
import { NButton, NPopconfirm, NTag, NText, type DataTableColumns } from 'naive-ui';
import type { ApiTokenView } from '@shared/ipc/contracts/tokens.contract';

type T = (key: string, values?: Record<string, unknown>) => string;

const STATUS_TYPE = { active: 'success', expired: 'warning', revoked: 'default' } as const;

/** API token table columns, shared by "My security" and the administrators' page. */
export function tokenColumns(
  t: T,
  formatDate: (iso: string | null) => string,
  o: { withOwner: boolean; revoke: (token: ApiTokenView) => Promise<void> },
): DataTableColumns<ApiTokenView> {
  const columns: DataTableColumns<ApiTokenView> = [
    {
      key: 'name',
      title: t('apiTokens.name'),
      minWidth: 150,
      ellipsis: { tooltip: true },
      render: (k) =>
        h('span', { style: 'display:flex;flex-direction:column' }, [
          h(NText, { strong: true }, () => k.name),
          h(NText, { depth: 3, style: 'font-size:12px;font-family:monospace' }, () => k.hint),
        ]),
    },
    { key: 'role', title: t('apiTokens.role'), minWidth: 90, render: (k) => t(`roles.${k.role}`) },
    {
      key: 'createdAt',
      title: t('apiTokens.created'),
      width: 160,
      render: (k) => formatDate(k.createdAt),
    },
    {
      key: 'expiresAt',
      title: t('apiTokens.expires'),
      width: 160,
      render: (k) => formatDate(k.expiresAt),
    },
    {
      key: 'lastUsedAt',
      title: t('apiTokens.lastUsed'),
      width: 160,
      render: (k) => formatDate(k.lastUsedAt),
    },
    {
      key: 'status',
      title: t('apiTokens.status'),
      minWidth: 90,
      render: (k) =>
        h(NTag, { size: 'small', type: STATUS_TYPE[k.status], 'data-testid': 'token-status' }, () =>
          t(`apiTokens.statuses.${k.status}`),
        ),
    },
    {
      key: 'actions',
      title: t('usersAdmin.actions'),
      width: 100,
      render: (k) =>
        k.status === 'revoked'
          ? null
          : h(
              NPopconfirm,
              {
                onPositiveClick: () => void o.revoke(k),
                positiveText: t('apiTokens.revoke'),
                negativeText: t('common.cancel'),
                positiveButtonProps: { type: 'error', size: 'small' },
              },
              {
                trigger: () =>
                  h(
                    NButton,
                    { size: 'small', type: 'error', ghost: true, 'data-testid': 'token-revoke' },
                    () => t('apiTokens.revoke'),
                  ),
                default: () => t('apiTokens.revokeConfirm', { name: k.name }),
              },
            ),
    },
  ];
  if (o.withOwner)
    columns.splice(1, 0, {
      key: 'username',
      title: t('apiTokens.owner'),
      width: 100,
      ellipsis: { tooltip: true },
      render: (k) => k.username,
    });
  return columns;
}

/** The columns' widths added up (the name at its minimum), with and without the owner column. */
export const tokensTableWidth = (withOwner: boolean) => 150 + 90 + 3 * 160 + 90 + 100 + (withOwner ? 100 : 0);
