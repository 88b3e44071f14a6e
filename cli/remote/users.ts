import type { UserView } from '../../shared/domain/user';
import { CliError, EXIT } from '../io';
import type { ChannelRunner } from './runner';

/** Every user matching `search` (all pages of users:list, by username). */
export async function listAllUsers(r: ChannelRunner, search?: string): Promise<UserView[]> {
  const items: UserView[] = [];
  for (let page = 1; ; page++) {
    const p = await r.call('users:list', { search, sort: 'username', direction: 'asc', page, pageSize: 500 });
    items.push(...p.items);
    // A short page ends it too: rows added meanwhile (or a server's wrong total) cannot loop forever.
    if (items.length >= p.total || p.items.length < 500) return items;
  }
}

/** The user named exactly `username` (any case), or exit 1 before anything is written. */
export async function userByName(r: ChannelRunner, username: string): Promise<UserView> {
  const wanted = username.toLowerCase();
  const found = (await listAllUsers(r, username)).find((u) => u.username.toLowerCase() === wanted);
  if (!found) throw new CliError(`No user named ${username}. See 'portcullis user list'.`, EXIT.failed);
  return found;
}
