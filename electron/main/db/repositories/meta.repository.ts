import type { Db } from '../connection';

/** Facts about the database itself, such as its instance id (names its keychain entry). */
export class MetaRepository {
  constructor(private readonly db: Db) {}

  async instanceId(): Promise<string> {
    const row = await this.db
      .selectFrom('meta')
      .select('value')
      .where('key', '=', 'instance_id')
      .executeTakeFirstOrThrow();
    return row.value;
  }
}
