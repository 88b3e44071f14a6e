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
  const when = (m: OutboxItemView) =>
    m.status === 'sent' ? formatDate(m.sentAt) : open(m) ? formatDate(m.nextAttemptAt) : '—';
  return [
    {
      type: 'expand',
      expandable: () => true,
      width: 40,
      renderExpand: (m) =>
        h('div', { class: 'outbox-details', 'data-testid': `outbox-details-${m.id}` }, [
          h('dl', { class: 'outbox-details__grid' }, [
            h('dt', t('outbox.attempts')),
            h('dd', `${m.attempts} / ${m.maxAttempts}`),
            h('dt', `${t('outbox.next')} / ${t('outbox.sentAt')}`),
            h('dd', when(m)),
          ]),
          h('pre', { class: 'outbox-body pc-mono' }, m.text),
        ]),
    },
    { key: 'createdAt', title: t('outbox.created'), width: 180, render: (m) => formatDate(m.createdAt) },
    {
      key: 'channel',
      title: t('outbox.channel'),
      width: 80,
      render: (m) => t(`outbox.channels.${m.channel}`),
    },
    { key: 'recipient', title: t('outbox.recipient'), width: 170, ellipsis: { tooltip: true } },
    {
      key: 'subject',
      title: t('outbox.message'),
      minWidth: 200,
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
      width: 130,
      render: (m) =>
        h('div', { class: 'outbox-status' }, [
          h(NTag, { type: STATUS_TAG[m.status], size: 'small', bordered: false }, () =>
            t(`outbox.statuses.${m.status}`),
          ),
          h(
            NText,
            { depth: 3 },
            () => `${t('outbox.attempts')}: ${String(m.attempts)} / ${String(m.maxAttempts)}`,
          ),
        ]),
    },
    {
      key: 'actions',
      title: t('outbox.actions'),
      width: 190,
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

/** The columns' widths added up (the message at its minimum): fits a 1366 px screen. */
export const OUTBOX_TABLE_WIDTH = 40 + 180 + 80 + 170 + 200 + 130 + 190;
