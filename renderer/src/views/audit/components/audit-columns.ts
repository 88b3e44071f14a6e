import { h } from 'vue';
import { NTag, NText, type DataTableColumns } from 'naive-ui';
import type { AuditEventView } from '@shared/domain/audit';

type Translate = (key: string) => string;

/** Failures and admin-side removals stand out; everything else is neutral. */
function codeType(code: string): 'error' | 'warning' | 'success' | 'default' {
  if (/failed|locked|blocked/.test(code)) return 'error';
  if (/disabled|revoked|deleted/.test(code)) return 'warning';
  if (/logged_in|enabled|created/.test(code)) return 'success';
  return 'default';
}

/** Who, shown as name with the id as a fallback. */
function who(name: string | null, id: number | null, none: string): string {
  return name ?? (id === null ? none : `#${id}`);
}

/** Builds the audit table columns, with an expandable details row. */
export function auditColumns(
  t: Translate,
  formatDate: (iso: string | null) => string,
): DataTableColumns<AuditEventView> {
  const none = t('common.none');
  return [
    {
      type: 'expand',
      expandable: () => true,
      renderExpand: (event) =>
        h('div', { class: 'audit-details' }, [
          event.sessionHash
            ? h(NText, { depth: 3 }, () => `${t('audit.sessionHash')}: ${event.sessionHash ?? ''}`)
            : null,
          h('pre', { class: 'audit-details__json pc-mono' }, JSON.stringify(event.details, null, 2)),
        ]),
    },
    { key: 'at', title: t('audit.time'), width: 180, render: (e) => formatDate(e.at) },
    {
      key: 'code',
      title: t('audit.code'),
      width: 220,
      render: (e) => h(NTag, { size: 'small', type: codeType(e.code), bordered: false }, () => e.code),
    },
    { key: 'message', title: t('audit.message'), minWidth: 240, ellipsis: { tooltip: true } },
    { key: 'actor', title: t('audit.actor'), width: 140, render: (e) => who(e.actorName, e.actorId, none) },
    {
      key: 'subject',
      title: t('audit.subject'),
      width: 140,
      render: (e) => who(e.subjectName, e.subjectId, none),
    },
    { key: 'ip', title: t('audit.ip'), width: 130, render: (e) => e.ip ?? none },
    { key: 'location', title: t('audit.location'), width: 140, render: (e) => e.location ?? none },
    {
      key: 'device',
      title: t('audit.device'),
      width: 220,
      render: (e) => [e.deviceType, e.browser, e.os].filter(Boolean).join(' · ') || none,
    },
  ];
}
