import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { SigningKeyView } from '../../../shared/ipc/contracts/audit.contract';
import { err, ok, type Result } from '../../../shared/result';
import type { FileDialog } from '../adapters/file-dialog.port';
import type { Caller } from '../ipc/pipeline';
import { randomId } from '../security/ids';
import { keyHistoryValid, publicKeyFileSchema } from '../services/audit/key-rotation';
import type { ServerCalls } from './server-calls';

/** A file-name-safe piece of the organisation name, as the local save names it. */
function slug(name: string): string {
  return name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
}

/**
 * audit:savePublicKeyFile on a desktop connected to a team server: the server's signing key card
 * names the file (and refuses a caller without audit:read before any dialog), the person chooses
 * where on THIS computer, the server hands out the file's content (recorded there under the
 * chosen name), and it is written beside the chosen path and renamed into place, as the owner's
 * desktop would write it. Answers `{ path, fingerprint }`, or null when the dialog was cancelled.
 */
export async function savePublicKeyFileFromServer(
  server: ServerCalls,
  caller: Caller,
  dialog: FileDialog | null,
): Promise<Result<unknown>> {
  const card = await server.call(caller, 'audit:signingKey', {});
  if (!card.ok) return card;
  if (!dialog) return err('internal', 'This window cannot show a save dialog, so nothing was saved.');
  const signer = card.value as SigningKeyView | null;
  const name = ['portcullis-signer', slug(signer?.organisation ?? ''), signer?.fingerprint.slice(0, 8) ?? '']
    .filter(Boolean)
    .join('-');
  const out = await dialog.chooseSavePath({
    title: 'Public signing key for auditors',
    defaultName: `${name}.json`,
    extensions: ['json'],
  });
  if (!out) return ok(null);
  const answer = await server.call(caller, 'audit:publicKeyFile', { file: basename(out) });
  if (!answer.ok) return answer;
  const file = publicKeyFileSchema.safeParse(answer.value);
  if (!file.success || !keyHistoryValid(file.data.history, file.data.directoryId).ok)
    return err(
      'provider_unavailable',
      `The team server at ${server.origin} sent a public key file that does not check out; nothing was saved.`,
    );
  const temp = join(dirname(out), `.${basename(out)}.${randomId().slice(0, 12)}.part`);
  try {
    // Public by nature: readable by others, like any file the owner hands out.
    await writeFile(temp, `${JSON.stringify(answer.value, null, 2)}\n`, { mode: 0o644, flag: 'wx' });
    await rename(temp, out);
  } catch (e) {
    await rm(temp, { force: true });
    return err('internal', `The public key file could not be written to ${out}: ${(e as Error).message}`);
  }
  return ok({ path: out, fingerprint: file.data.fingerprint });
}
