import { h } from 'vue';
import {
  NButton,
  NDescriptions,
  NDescriptionsItem,
  NPopconfirm,
  NTag,
  NText,
  type DataTableColumns,
} from 'naive-ui';
import type { SessionView } from '@shared/domain/session';

type T = (key: string, values?: Record<string, unknown>) => string;

/** A row action with its confirmation text; null hides the button. */
export interface RowAction {
  label: string;
  confirm: string;
  run: () => Promise<void>;
}

/** Session table columns shared by "My security" and the administrators' page; rows expand to all details. */
export function sessionColumns(
  t: T,
  formatDate: (iso: string | null) => string,
  o: { withUser: boolean; action: (s: SessionView) => RowAction | null },
): DataTableColumns<SessionView> {
  const text = (value: string) => value || t('common.none');
  const details = (s: SessionView) =>
    h(
      NDescriptions,
      { column: 2, size: 'small', labelPlacement: 'left', bordered: true, 'data-testid': 'session-details' },
      () => [
        h(NDescriptionsItem, { label: t('sessions.device') }, () => text(s.deviceType)),
        h(NDescriptionsItem, { label: t('sessions.browser') }, () => text(s.browser)),
        h(NDescriptionsItem, { label: t('sessions.os') }, () => text(s.os)),
        h(NDescriptionsItem, { label: t('sessions.ip') }, () => text(s.ip)),
        h(NDescriptionsItem, { label: t('sessions.location') }, () => text(s.location)),
        h(NDescriptionsItem, { label: t('sessions.created') }, () => formatDate(s.createdAt)),
        h(NDescriptionsItem, { label: t('sessions.lastSeen') }, () => formatDate(s.lastSeenAt)),
        h(NDescriptionsItem, { label: t('sessionsCard.expires') }, () => formatDate(s.expiresAt)),
        h(NDescriptionsItem, { label: t('sessionsCard.userAgent'), span: 2 }, () => text(s.userAgent)),
      ],
    );
  const columns: DataTableColumns<SessionView> = [
    { type: 'expand', width: 40, fixed: 'left', renderExpand: details },
    {
      key: 'deviceType',
      title: t('sessions.device'),
      width: 210,
      render: (s) =>
        h(
          'span',
          {
            class: 'sessions-device',
            style: 'display:flex;flex-direction:column;align-items:flex-start;gap:4px',
          },
          [
            h(NText, () => [text(s.deviceType), s.browser ? ` · ${s.browser}` : '']),
            s.current
              ? h(
                  NTag,
                  { size: 'small', type: 'primary', round: true, 'data-testid': 'session-current' },
                  () => t('sessions.thisSession'),
                )
              : null,
          ],
        ),
    },
    { key: 'ip', title: t('sessions.ip'), width: 130, render: (s) => text(s.ip) },
    {
      key: 'location',
      title: t('sessions.location'),
      minWidth: 150,
      ellipsis: { tooltip: true },
      render: (s) => text(s.location),
    },
    {
      key: 'lastSeenAt',
      title: t('sessions.lastSeen'),
      width: 180,
      render: (s) => formatDate(s.lastSeenAt),
    },
    {
      key: 'actions',
      title: t('usersAdmin.actions'),
      width: 130,
      fixed: 'right',
      render: (s) => {
        const action = o.action(s);
        if (!action) return null;
        return h(
          NPopconfirm,
          {
            onPositiveClick: () => void action.run(),
            positiveText: action.label,
            negativeText: t('common.cancel'),
            positiveButtonProps: { type: 'error', size: 'small' },
          },
          {
            trigger: () =>
              h(
                NButton,
                { size: 'small', type: 'error', ghost: true, 'data-testid': 'session-revoke' },
                () => action.label,
              ),
            default: () => action.confirm,
          },
        );
      },
    },
  ];
  if (o.withUser)
    columns.splice(1, 0, {
      key: 'username',
      title: t('sessionsCard.user'),
      width: 120,
      ellipsis: { tooltip: true },
      render: (s) => s.username,
    });
  return columns;
}

/** The columns' widths added up (location at its minimum), with and without the user column. */
export const sessionsTableWidth = (withUser: boolean) =>
  40 + 210 + 130 + 150 + 180 + 130 + (withUser ? 120 : 0);
