import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from '../../db/schema';
import { AuditRepository } from '../../db/repositories/audit.repository';
import type {
  AuditEventView,
  AuditFilter,
  AuditPage,
  AuditTimeline,
  ExportVerdict,
} from '../../../../shared/domain/audit';
import { AppError } from '../../../../shared/result';
import { randomId } from '../../security/ids';
import { toAuditView } from '../views';
import { verifyExportFile } from '../audit/verify';
import { normaliseFilter } from '../../db/audit-filter.sql';

/** An opened export: its verdict and where its rows can be queried. */
export interface ReviewSummary {
  id: string;
  file: string;
  verdict: ExportVerdict;
  /** Events loaded for browsing (all of them when intact; those before the failing line otherwise). */
  loaded: number;
  exportedFilter: AuditFilter | null;
}

interface OpenReview {
  summary: ReviewSummary;
  sqlite: BetterSqlite3.Database;
  db: Kysely<Database>;
  repo: AuditRepository;
  path: string;
}

interface LineEvent {
  id: number;
  at: string;
  code: string;
  message: string;
  actor: string | null;
  actorId: number | null;
  subject: string | null;
  subjectId: number | null;
  ip: string | null;
  sessionHash: string | null;
  location: string | null;
  deviceType: string | null;
  browser: string | null;
  os: string | null;
  details: unknown;
  hash: string;
}

const SCHEMA = `CREATE TABLE audit_events (
  id INTEGER PRIMARY KEY, line INTEGER NOT NULL, at TEXT NOT NULL, code TEXT NOT NULL, message TEXT NOT NULL,
  actor_id INTEGER, actor_name TEXT, subject_id INTEGER, subject_name TEXT, ip TEXT, session_hash TEXT,
  location TEXT, device_type TEXT, browser TEXT, os TEXT, details TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)`;
/** Built at open: the timeline's (code, at) and the time bounds' (at). */
const OPEN_INDEXES = [
  'CREATE INDEX r_at ON audit_events (at)',
  'CREATE INDEX r_code_at ON audit_events (code, at)',
];

/** Built on the first query that needs them, so the first rows show sooner. */
function indexesFor(f: AuditFilter): string[] {
  const out: string[] = [];
  if (f.code || f.group) out.push('CREATE INDEX IF NOT EXISTS r_code ON audit_events (code, id)');
  if (f.ip) out.push('CREATE INDEX IF NOT EXISTS r_ip ON audit_events (ip, id)');
  if (f.user)
    out.push(
      'CREATE INDEX IF NOT EXISTS r_subject ON audit_events (subject_name COLLATE NOCASE, id)',
      'CREATE INDEX IF NOT EXISTS r_actor ON audit_events (actor_name COLLATE NOCASE, id)',
    );
  return out;
}

/** Offline review: verifies an export and loads it into a temporary indexed SQLite file. */
export class ReviewService {
  private readonly open = new Map<string, OpenReview>();

  /** Verifies and loads a file (streamed; the whole file is never in memory). */
  async load(file: string): Promise<ReviewSummary> {
    const id = randomId();
    const path = join(tmpdir(), `portcullis-review-${id}.db`);
    const sqlite = new BetterSqlite3(path);
    sqlite.pragma('journal_mode = OFF');
    sqlite.pragma('synchronous = OFF');
    sqlite.exec(SCHEMA);
    const insert = sqlite.prepare(
      `INSERT INTO audit_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?)`,
    );
    let loaded = 0;
    let verdict: ExportVerdict;
    let exportedFilter: AuditFilter | null = null;
    sqlite.exec('BEGIN');
    try {
      verdict = await verifyExportFile(file, {
        onHeader: (h) => {
          exportedFilter = h.filter;
        },
        onEvent: (buf, line) => {
          const e = JSON.parse(buf.toString('utf8')) as LineEvent;
          insert.run(
            e.id,
            line,
            e.at,
            e.code,
            e.message,
            e.actorId,
            e.actor,
            e.subjectId,
            e.subject,
            e.ip,
            e.sessionHash,
            e.location,
            e.deviceType,
            e.browser,
            e.os,
            JSON.stringify(e.details ?? {}),
            e.hash,
          );
          if (++loaded % 20000 === 0) sqlite.exec('COMMIT; BEGIN');
        },
      });
      sqlite.exec('COMMIT');
    } catch (e) {
      sqlite.close();
      rmSync(path, { force: true });
      if (e instanceof Error && 'code' in e && (e.code === 'ENOENT' || e.code === 'EISDIR'))
        throw new AppError('not_found', 'The file could not be read.');
      throw e;
    }
    for (const ddl of OPEN_INDEXES) sqlite.exec(ddl);
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    const summary: ReviewSummary = { id, file, verdict, loaded, exportedFilter };
    this.open.set(id, { summary, sqlite, db, repo: new AuditRepository(db), path });
    return summary;
  }

  private get(id: string): OpenReview {
    const r = this.open.get(id);
    if (!r) throw new AppError('not_found', 'This review is no longer open; open the file again.');
    return r;
  }

  /** One keyset page of an opened export. */
  async page(
    id: string,
    q: {
      filter: AuditFilter;
      before?: number | undefined;
      pageSize: number;
      withCount?: boolean | undefined;
    },
  ): Promise<AuditPage> {
    const r = this.get(id);
    const filter = normaliseFilter({ ...q.filter, userId: undefined });
    for (const ddl of indexesFor(filter)) r.sqlite.exec(ddl);
    const { rows, nextCursor } = await r.repo.page({ filter, before: q.before, pageSize: q.pageSize });
    return {
      items: rows.map(toAuditView),
      nextCursor,
      approxTotal: q.withCount ? await r.repo.countCapped(filter) : null,
    };
  }

  /** Sign-ins vs failures of an opened export. */
  async timeline(id: string, filter: AuditFilter): Promise<AuditTimeline> {
    return this.get(id).repo.timeline(normaliseFilter({ ...filter, userId: undefined }));
  }

  /** One event with all its fields. */
  async event(id: string, eventId: number): Promise<AuditEventView | null> {
    const { rows } = await this.get(id).repo.page({ filter: {}, before: eventId + 1, pageSize: 1 });
    return rows[0]?.id === eventId ? toAuditView(rows[0]) : null;
  }

  /** Closes a review and deletes its temporary file. */
  async close(id: string): Promise<void> {
    const r = this.open.get(id);
    if (!r) return;
    this.open.delete(id);
    await r.db.destroy();
    rmSync(r.path, { force: true });
  }

  /** Closes every open review (app quit). */
  async closeAll(): Promise<void> {
    for (const id of [...this.open.keys()]) await this.close(id);
  }
}
