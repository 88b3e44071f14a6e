import { setTimeout as sleep } from 'node:timers/promises';
import type { ChannelInput } from '../../shared/ipc/contract';
import { CliError, EXIT } from '../io';
import { send } from './http';
import { transportError, type RemoteRunner } from './runner';

/** How often the CLI asks whether the server's export is finished. */
const POLL_MS = 250;

/**
 * `audit export` through a team server: the server writes the signed file (its keys never leave
 * it), the CLI polls audit:exportStatus, then downloads `GET /exports/<id>` with the same token
 * and writes `out`. The file verifies offline with `portcullis audit verify`.
 */
export async function exportThroughServer(
  r: RemoteRunner,
  request: ChannelInput<'audit:export'>,
  out: string,
): Promise<{ events: number }> {
  let job = await r.call('audit:export', request);
  if (!job) throw new CliError('The server did not start the export.', EXIT.failed);
  while (job.state === 'running') {
    await sleep(POLL_MS);
    job = await r.call('audit:exportStatus', { id: job.id });
  }
  if (job.state !== 'done')
    throw new CliError(
      `The export on the server ended ${job.state}: ${job.error ?? 'no reason given'}`,
      EXIT.failed,
    );
  if (!/^[0-9a-f]{32}$/.test(job.id))
    throw new CliError('The server answered an export id that is not one.', EXIT.environment);
  const a = await send(r.remote, 'GET', `/exports/${job.id}`, undefined, out);
  if (a.status !== 200) throw transportError(a, r.remote.base, 'the export download');
  return { events: job.events };
}
