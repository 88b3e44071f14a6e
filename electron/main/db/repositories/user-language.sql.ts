import type { Db } from '../connection';
import { asLanguage, type Language } from '../../../../shared/domain/language';

/** The language a user chose (migration 011), or null when none was chosen or the user is gone. */
export async function languageOf(db: Db, userId: number): Promise<Language | null> {
  const row = await db.selectFrom('users').select('language').where('id', '=', userId).executeTakeFirst();
  return asLanguage(row?.language);
}

/** Stores the user's language; returns the one stored before (null: none). */
export async function setLanguageOf(
  db: Db,
  userId: number,
  language: Language,
  now: string,
): Promise<Language | null> {
  const before = await languageOf(db, userId);
  await db.updateTable('users').set({ language, updated_at: now }).where('id', '=', userId).execute();
  return before;
}
