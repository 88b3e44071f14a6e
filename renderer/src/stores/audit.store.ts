import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import type { AuditEventView } from '@shared/domain/audit';
import type { Err } from '@shared/result';
import { auditApi } from '@/api/audit.api';

/** The filters and page the audit table shows. */
export interface AuditQueryState {
  code: string;
  page: number;
  pageSize: number;
}

/** The audit log: one server-side page at a time. */
export const useAuditStore = defineStore('audit', () => {
  const query = reactive<AuditQueryState>({ code: '', page: 1, pageSize: 50 });
  const items = ref<AuditEventView[]>([]);
  const total = ref(0);
  const loading = ref(false);
  const error = ref<Err | null>(null);
  let latest = 0;

  async function load(): Promise<void> {
    const ticket = ++latest;
    loading.value = true;
    const code = query.code.trim();
    const result = await auditApi.list({
      code: code || undefined,
      page: query.page,
      pageSize: query.pageSize,
    });
    if (ticket !== latest) return;
    loading.value = false;
    if (!result.ok) {
      error.value = result;
      return;
    }
    error.value = null;
    items.value = result.value.items;
    total.value = result.value.total;
  }

  /** Changes the event-code filter, back to page 1, and reloads. */
  function setCode(code: string): Promise<void> {
    Object.assign(query, { code, page: 1 });
    return load();
  }

  /** Changes page or page size and reloads. */
  function setPage(page: number, pageSize = query.pageSize): Promise<void> {
    if (pageSize !== query.pageSize) page = 1;
    Object.assign(query, { page, pageSize });
    return load();
  }

  return { query, items, total, loading, error, load, setCode, setPage };
});
