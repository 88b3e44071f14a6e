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
    { type: 'expand', renderExpand: details },
    {
      key: 'deviceType',
      title: t('sessions.device'),
      minWidth: 190,
      render: (s) =>
        h('span', { class: 'sessions-device', style: 'display:inline-flex;gap:8px;align-items:center' }, [
          h(NText, () => text(s.deviceType)),
          s.current
            ? h(NTag, { size: 'small', type: 'primary', round: true, 'data-testid': 'session-current' }, () =>
                t('sessions.thisSession'),
              )
            : null,
        ]),
    },
    { key: 'browser', title: t('sessions.browser'), minWidth: 110, render: (s) => text(s.browser) },
    { key: 'os', title: t('sessions.os'), minWidth: 110, render: (s) => text(s.os) },
    { key: 'ip', title: t('sessions.ip'), minWidth: 120, render: (s) => text(s.ip) },
    { key: 'location', title: t('sessions.location'), minWidth: 140, render: (s) => text(s.location) },
    { key: 'createdAt', title: t('sessions.created'), minWidth: 160, render: (s) => formatDate(s.createdAt) },
    {
      key: 'lastSeenAt',
      title: t('sessions.lastSeen'),
      minWidth: 160,
      render: (s) => formatDate(s.lastSeenAt),
    },
    {
      key: 'actions',
      title: '',
      width: 110,
      render: (s) => {
        const action = o.action(s);
        if (!action) return null;
        return h(
          NPopconfirm,
          { onPositiveClick: () => void action.run() },
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
      minWidth: 120,
      render: (s) => s.username,
    });
  return columns;
}
