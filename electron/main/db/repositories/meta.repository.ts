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

  async get(key: string): Promise<string | null> {
    const row = await this.db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value ?? null;
  }

  async set(key: string, value: string): Promise<void> {
    await this.db
      .insertInto('meta')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
  }
}
