import { sql, type RawBuilder, type SqlBool } from 'kysely';

/**
 * PostgreSQL substring search (issue 14, item 5): the text expressions migration 010 indexes
 * with pg_trgm GIN indexes, and the ILIKE that uses them. A query must write the expression
 * exactly as indexed, so both come from here; changing one needs a new migration.
 * Columns are read as COLLATE "C" (ILIKE refuses the case-insensitive `nocase` collation; ILIKE
 * folds case itself), joined with chr(31) so a pattern cannot match across two columns.
 */
export const USER_SEARCH_TEXT =
  `((username COLLATE "C") || chr(31) || (display_name COLLATE "C") || chr(31) || ` +
  `(email COLLATE "C") || chr(31) || coalesce(phone COLLATE "C", ''))`;

/** The audit free-text search's columns (audit-filter.sql.ts), as one indexed expression. */
export const AUDIT_SEARCH_TEXT =
  `((message COLLATE "C") || chr(31) || (code COLLATE "C") || chr(31) || ` +
  `coalesce(location COLLATE "C", '') || chr(31) || (details COLLATE "C"))`;

/** Shortest text the trigram index can narrow (shorter searches still match, by a scan). */
export const TRIGRAM_MIN = 3;

/** `%text%` with LIKE's wildcards and the escape character made literal (escape: backslash). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** `expression ILIKE '%text%'` on one of the indexed expressions above (PostgreSQL only). */
export function containsCi(expression: string, text: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.raw(expression)} ILIKE ${containsPattern(text)} ESCAPE '\\'`;
}
