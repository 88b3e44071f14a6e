import type { IncomingMessage } from 'node:http';
import type { PushEventName } from '../../../shared/ipc/events';

const EVENT_NAMES: ReadonlySet<string> = new Set<PushEventName>(['session:ended']);

/** Reads a Server-Sent Events stream and calls `on` for each known event with its JSON data. */
export function parseEvents(res: IncomingMessage, on: (event: PushEventName, data: unknown) => void): void {
  let buffer = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    buffer += chunk;
    if (buffer.length > 1024 * 1024) {
      res.destroy();
      return;
    }
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = '';
      let data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data += line.slice(6);
      }
      if (!EVENT_NAMES.has(event)) continue;
      try {
        on(event as PushEventName, JSON.parse(data));
      } catch {
        // A malformed event is dropped; the session is re-checked on the next call anyway.
      }
    }
  });
  res.on('error', () => undefined);
}
