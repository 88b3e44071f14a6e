/** Where the kept audit chain starts after retention removed older days. */
export interface AuditAnchorTable {
  id: number;
  first_id: number;
  prev_hash: string;
  applied_at: string;
}
