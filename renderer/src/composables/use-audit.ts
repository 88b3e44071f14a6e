import { onBeforeUnmount, shallowRef, type Ref } from 'vue';
import type { ExportJobView } from '@shared/ipc/contracts/audit.contract';
import { auditApi, type AuditFilterInput } from '@/api/audit.api';
import type { AuditSource } from './use-audit-browser';
import { useRequest } from './use-request';

// The audit log and its exports: page-local state (docs/renderer.md).

/** Where the log page's rows come from: everyone's events, or the caller's own (main enforces it). */
export function liveAuditSource(everyone: boolean): AuditSource {
  return everyone
    ? {
        list: auditApi.list,
        timeline: auditApi.timeline,
        live: { everyMs: 3000, list: auditApi.listInBackground },
      }
    : {
        list: auditApi.mine,
        timeline: auditApi.mineTimeline,
        live: { everyMs: 3000, list: auditApi.mineInBackground },
      };
}

/** A signed export: asks main for a file, then follows the job until it ends (`onDone`). */
export function useAuditExport(filter: () => AuditFilterInput, bom: Ref<boolean>, onDone: () => void) {
  const job = shallowRef<ExportJobView | null>(null);
  const { error, errorMessage, run, reset } = useRequest();
  let timer: ReturnType<typeof setTimeout> | null = null;

  async function poll(): Promise<void> {
    const current = job.value;
    if (!current) return;
    const r = await run(() => auditApi.exportStatus(current.id));
    if (!r.ok) return;
    job.value = r.value;
    if (r.value.state === 'running') timer = setTimeout(() => void poll(), 150);
    else onDone();
  }

  async function start(format: 'jsonl' | 'csv'): Promise<void> {
    reset();
    const r = await run(() => auditApi.startExport(filter(), format, bom.value));
    // null: the save dialog was cancelled.
    if (!r.ok || !r.value) return;
    job.value = r.value;
    await poll();
  }

  async function cancel(): Promise<void> {
    if (job.value) await auditApi.cancelExport(job.value.id);
  }

  onBeforeUnmount(() => {
    if (timer) clearTimeout(timer);
  });
  return { job, error, errorMessage, start, cancel };
}
