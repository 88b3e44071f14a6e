import { useI18n } from 'vue-i18n';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Formats ISO date strings in the user's locale; a missing date reads "never". */
export function useFormat() {
  const { t } = useI18n();

  function formatDate(iso: string | null | undefined): string {
    if (!iso) return t('common.never');
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
  }

  return { formatDate };
}
