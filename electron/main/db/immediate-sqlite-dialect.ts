import {
  CompiledQuery,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDialectConfig,
} from 'kysely';

/**
 * Kysely's SQLite driver opens transactions with a plain (deferred) `begin`. In WAL mode a
 * deferred transaction that reads and then writes fails at once with SQLITE_BUSY when another
 * process committed in between (the busy timeout does not apply to that case), so an audit
 * append or an attempt counter could fail whenever the CLI and the app share a file. `begin
 * immediate` takes the write lock first and waits (busy_timeout) for the other writer instead.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/** The SQLite dialect whose transactions start with `begin immediate`. */
export class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings);
  }
}
