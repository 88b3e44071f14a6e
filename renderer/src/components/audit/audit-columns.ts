import { h } from 'vue';
import { NTag, type DataTableColumns } from 'naive-ui';
import type { AuditEventView } from '@shared/domain/audit';
import { AUDIT_CATALOG, type Severity } from '@shared/domain/audit-catalog';
import { formatAuditMessage } from '@shared/domain/audit-messages';
import { asLanguage } from '@shared/domain/language';
import { i18n } from '@/i18n';

/** The viewer's language (the i18n locale; read inside render, so a switch re-renders). */
const viewerLanguage = () => asLanguage(i18n.global.locale.value) ?? 'en';

type Translate = (key: string, named?: Record<string, unknown>) => string;
type TagType = 'warning' | 'info' | 'default';

const SEVERITY_TAG: Record<Severity, TagType> = { warning: 'warning', notice: 'info', info: 'default' };

/** The tag colour of an event code, from its catalogued severity. */
function codeType(code: string): TagType {
  const entry = Object.entries(AUDIT_CATALOG).find(([known]) => known === code)?.[1];
  return entry ? SEVERITY_TAG[entry.severity] : 'default';
}

/** The human name of an event code ("Signed in" for user:logged_in); the code itself for unknown ones. */
export function eventName(t: Translate, code: string): string {
  const known = Object.keys(AUDIT_CATALOG).includes(code);
  return known ? t(`ui.events.${code.replace(/[^a-z0-9]/g, '_')}`) : t('ui.audit.unknownEvent', { code });
}

/** Who, shown as name with the id as a fallback. */
function who(name: string | null, id: number | null, none: string): string {
  return name ?? (id === null ? none : `#${id}`);
}

/**
 * Builds the audit table columns, with an expandable details row. They fit a 1366 px screen
 * (AUDIT_TABLE_WIDTH); IP address, location and device are in the expanded row.
 */
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
        h('div', { class: 'audit-details', 'data-testid': 'audit-details' }, [
          h(
            'dl',
            { class: 'audit-details__grid' },
            (
              [
                ['#', String(event.id)],
                [t('audit.time'), `${formatDate(event.at)} (${event.at})`],
                [t('audit.code'), `${eventName(t, event.code)} (${event.code})`],
                [t('audit.message'), formatAuditMessage(event, viewerLanguage())],
                [t('audit.actor'), who(event.actorName, event.actorId, none)],
                [t('audit.subject'), who(event.subjectName, event.subjectId, none)],
                [t('audit.ip'), event.ip ?? none],
                [t('audit.sessionHash'), event.sessionHash ?? none],
                [t('audit.location'), event.location ?? none],
                [t('auditLog.deviceType'), event.deviceType ?? none],
                [t('auditLog.browser'), event.browser ?? none],
                [t('auditLog.os'), event.os ?? none],
              ] as const
            ).flatMap(([k, v]) => [h('dt', k), h('dd', v)]),
          ),
          h('pre', { class: 'audit-details__json pc-mono' }, JSON.stringify(event.details, null, 2)),
        ]),
    },
    { key: 'at', title: t('audit.time'), width: 200, render: (e) => formatDate(e.at) },
    {
      key: 'code',
      title: t('audit.code'),
      width: 230,
      render: (e) =>
        h('div', { class: 'audit-event' }, [
          h(NTag, { size: 'small', type: codeType(e.code), bordered: false }, () => eventName(t, e.code)),
          h('code', { class: 'audit-event__code' }, e.code),
        ]),
    },
    {
      key: 'message',
      title: t('audit.message'),
      minWidth: 250,
      ellipsis: { tooltip: true },
      render: (e) => formatAuditMessage(e, viewerLanguage()),
    },
    {
      key: 'actor',
      title: t('audit.actor'),
      width: 110,
      ellipsis: { tooltip: true },
      render: (e) => who(e.actorName, e.actorId, none),
    },
    {
      key: 'subject',
      title: t('audit.subject'),
      width: 110,
      ellipsis: { tooltip: true },
      render: (e) => who(e.subjectName, e.subjectId, none),
    },
  ];
}

/** The columns' widths added up (the message at its minimum). */
export const AUDIT_TABLE_WIDTH = 40 + 200 + 230 + 250 + 110 + 110;
