import type { DashboardStats } from '../../domain/dashboard';
import { channel } from '../channel';
import * as s from '../schemas';

/** The administration dashboard (issue 5). */
export const dashboardContract = {
  'dashboard:stats': channel<DashboardStats>()({ access: 'users:read', input: s.empty }),
} as const;
