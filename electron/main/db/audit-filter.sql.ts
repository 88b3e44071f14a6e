import { sql, type RawBuilder } from 'kysely';
import type { Db } from './connection';
import { likeCi, unindexed } from './engine-sql';
import { AUDIT_SEARCH_TEXT, containsCi } from './search-text.sql';
import type { Engine } from './pg-target';
import type { AuditFilter } from '../../../shared/domain/audit';
import { AUDIT_GROUPS, auditCodesOf, type AuditGroup } from '../../../shared/domain/audit-catalog';

/** Escapes LIKE wildcards so free text matches literally. */
function likeText(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** One index-friendly arm of a filter: the user as subject or actor, one code of a group. */
export interface Branch {
  side?: 'subject' | 'actor';
  code?: string;
}

function groupCodes(f: AuditFilter): string[] | null {
  if (!f.group || !(AUDIT_GROUPS as readonly string[]).includes(f.group)) return null;
  const codes = auditCodesOf(f.group as AuditGroup);
  return codes.length ? codes : [''];
}

/** The arms whose union is the filter (so each arm walks one (column, id) index in order). */
export function branchesOf(f: AuditFilter): Branch[] {
  const sides: (Branch['side'] | undefined)[] =
    f.userId !== undefined || f.user ? ['subject', 'actor'] : [undefined];
  const group = f.code ? null : groupCodes(f);
  const codes: (string | undefined)[] = group ?? [undefined];
  return sides.flatMap((side) =>
    codes.map((code) => ({ ...(side ? { side } : {}), ...(code ? { code } : {}) })),
  );
}

/**
 * The WHERE clause of a filter (audit_events columns), AND-ed with `extra` (keyset bounds).
 * With a branch, the user and group conditions are narrowed to that arm. Time conditions use
 * `+at` so the planner walks ids (see timeBounds) instead of sorting a whole time range.
 * `engine`: the SQL differs on PostgreSQL (no `+` hint; free text is one ILIKE on the pg_trgm
 * indexed expression of search-text.sql.ts instead of SQLite's case-blind LIKE per column).
 */
export function filterConditions(
  f: AuditFilter,
  extra: RawBuilder<unknown>[],
  branch: Branch,
  /** Required: the free-text and name matches differ per engine (a default once hid a SQLite form on PostgreSQL). */
  engine: Engine,
): RawBuilder<unknown> {
  const conds: RawBuilder<unknown>[] = [...extra];
  const id = f.userId;
  const name = f.user;
  if (id !== undefined) {
    if (branch.side === 'subject') conds.push(sql`subject_id = ${id}`);
    else if (branch.side === 'actor') conds.push(sql`actor_id = ${id}`);
    else conds.push(sql`(subject_id = ${id} OR actor_id = ${id})`);
  } else if (name) {
    if (branch.side === 'subject') conds.push(sql`subject_name = ${name} COLLATE NOCASE`);
    else if (branch.side === 'actor') conds.push(sql`actor_name = ${name} COLLATE NOCASE`);
    else conds.push(sql`(subject_name = ${name} COLLATE NOCASE OR actor_name = ${name} COLLATE NOCASE)`);
  }
  if (f.code) conds.push(sql`code = ${f.code}`);
  else if (branch.code) conds.push(sql`code = ${branch.code}`);
  else {
    const codes = groupCodes(f);
    if (codes) conds.push(sql`code IN (${sql.join(codes)})`);
  }
  if (f.from) conds.push(sql`${unindexed(engine, 'at')} >= ${f.from}`);
  if (f.to) conds.push(sql`${unindexed(engine, 'at')} < ${f.to}`);
  if (f.ip) conds.push(sql`ip = ${f.ip}`);
  if (f.text && engine === 'postgres')
    // One expression over the four columns, as migration 010's pg_trgm index has it.
    conds.push(containsCi(AUDIT_SEARCH_TEXT, f.text));
  else if (f.text) {
    const t = likeText(f.text);
    const like = (column: string) => likeCi(engine, column, t, '\\');
    conds.push(sql`(${sql.join(['message', 'code', 'location', 'details'].map(like), sql` OR `)})`);
  }
  return conds.length ? sql`WHERE ${sql.join(conds, sql` AND `)}` : sql``;
}

/**
 * Id bounds of a time range, found through the `at` index. Events are appended in time order,
 * so ids follow time; the exact `at` conditions still apply inside the bounds.
 */
export async function timeBounds(db: Db, f: AuditFilter): Promise<RawBuilder<unknown>[]> {
  const out: RawBuilder<unknown>[] = [];
  if (f.from) {
    const { rows } = await sql<{
      id: number;
    }>`SELECT id FROM audit_events WHERE at >= ${f.from} ORDER BY at LIMIT 1`.execute(db);
    out.push(sql`id >= ${rows[0]?.id ?? Number.MAX_SAFE_INTEGER}`);
  }
  if (f.to) {
    const { rows } = await sql<{
      id: number;
    }>`SELECT id FROM audit_events WHERE at < ${f.to} ORDER BY at DESC LIMIT 1`.execute(db);
    out.push(sql`id <= ${rows[0]?.id ?? 0}`);
  }
  return out;
}

/** ISO instants normalised to the stored form (UTC, milliseconds, Z) so string comparison works. */
export function normaliseFilter(f: AuditFilter): AuditFilter {
  const iso = (v: string | undefined) => (v ? new Date(v).toISOString() : undefined);
  return { ...f, from: iso(f.from), to: iso(f.to) };
}
