import { onMounted } from 'vue';
import type { DashboardStats } from '@shared/domain/dashboard';
import { dashboardApi } from '@/api/dashboard.api';
import { useRequest } from './use-request';

/** The dashboard's figures, asked for once when the page opens (page-local, docs/renderer.md). */
export function useDashboardStats() {
  const { result: stats, errorMessage: error, run } = useRequest<DashboardStats>();
  onMounted(() => void run(dashboardApi.stats));
  return { stats, error };
}
