import { h } from 'vue';
import { NButton, NPopconfirm, NSpace, NTag, NText, type DataTableColumns } from 'naive-ui';
import type { OutboxItemView, OutboxStatusName } from '@shared/domain/delivery';

type Translate = (key: string) => string;
type TagType = 'default' | 'info' | 'success' | 'warning' | 'error';

const STATUS_TAG: Record<OutboxStatusName, TagType> = {
  pending: 'info',
  sending: 'info',
  sent: 'success',
  failed: 'error',
  cancelled: 'default',
};

export interface OutboxActions {
  retry(item: OutboxItemView): void;
  cancel(item: OutboxItemView): void;
}

/** Columns of the Outbox table, with an expandable body and "Retry now" / "Cancel" actions. */
export function outboxColumns(
  t: Translate,
  formatDate: (iso: string | null) => string,
  actions: OutboxActions,
): DataTableColumns<OutboxItemView> {
  const open = (m: OutboxItemView) => m.status === 'pending' || m.status === 'failed';
  return [
    {
      type: 'expand',
      expandable: () => true,
      renderExpand: (m) => h('pre', { class: 'outbox-body pc-mono' }, m.text),
    },
    { key: 'createdAt', title: t('outbox.created'), width: 150, render: (m) => formatDate(m.createdAt) },
    {
      key: 'channel',
      title: t('outbox.channel'),
      width: 90,
      render: (m) => t(`outbox.channels.${m.channel}`),
    },
    { key: 'recipient', title: t('outbox.recipient'), width: 200, ellipsis: { tooltip: true } },
    {
      key: 'subject',
      title: t('outbox.message'),
      minWidth: 280,
      render: (m) =>
        h('div', { class: 'outbox-message' }, [
          h('div', null, m.subject || m.template),
          m.lastError && m.status !== 'sent'
            ? h(
                NText,
                {
                  type: 'error',
                  depth: 2,
                  'data-testid': `outbox-error-${m.id}`,
                  class: 'outbox-message__error',
                },
                () => m.lastError,
              )
            : null,
        ]),
    },
    {
      key: 'status',
      title: t('outbox.status'),
      width: 110,
      render: (m) =>
        h(NTag, { type: STATUS_TAG[m.status], size: 'small', bordered: false }, () =>
          t(`outbox.statuses.${m.status}`),
        ),
    },
    {
      key: 'attempts',
      title: t('outbox.attempts'),
      width: 90,
      render: (m) => `${m.attempts} / ${m.maxAttempts}`,
    },
    {
      key: 'when',
      title: `${t('outbox.next')} / ${t('outbox.sentAt')}`,
      width: 160,
      render: (m) =>
        m.status === 'sent' ? formatDate(m.sentAt) : open(m) ? formatDate(m.nextAttemptAt) : '—',
    },
    {
      key: 'actions',
      title: t('outbox.actions'),
      width: 200,
      fixed: 'right',
      render: (m) =>
        open(m)
          ? h(NSpace, { size: 8, wrap: false }, () => [
              h(
                NButton,
                {
                  size: 'small',
                  'data-testid': `outbox-retry-${m.id}`,
                  onClick: () => {
                    actions.retry(m);
                  },
                },
                () => t('outbox.retry'),
              ),
              h(
                NPopconfirm,
                {
                  onPositiveClick: () => {
                    actions.cancel(m);
                  },
                  positiveText: t('outbox.cancelYes'),
                  negativeText: t('outbox.cancelNo'),
                  positiveButtonProps: { type: 'error', 'data-testid': 'outbox-cancel-confirm' } as object,
                },
                {
                  trigger: () =>
                    h(
                      NButton,
                      {
                        size: 'small',
                        quaternary: true,
                        type: 'error',
                        'data-testid': `outbox-cancel-${m.id}`,
                      },
                      () => t('outbox.cancel'),
                    ),
                  default: () => t('outbox.cancelConfirm'),
                },
              ),
            ])
          : null,
    },
  ];
}
