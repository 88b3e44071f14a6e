// A second process for tests/attempt-limits.test.ts: opens the same database file with its own
// connection and its own in-process queue, waits for "go" on stdin, then fires `n` wrong
// passwords for `login` at once and prints the answers and its argon2 checks as one JSON line.
import { createInterface } from 'node:readline';
import { createContainer } from '../../electron/main/container';
import { KeytarKeychain } from '../../electron/main/adapters/keytar.keychain';
import { ManualClock } from '../../electron/main/adapters/clock';
import { MemoryLogger } from '../../electron/main/adapters/logger';
import { AppError } from '../../shared/result';
// Not from ./attempt-limits: that imports vitest, which must not load in a plain child process.
import { CountingHasher } from './counting-hasher';

const [dbPath = '', login = '', n = '0', at = ''] = process.argv.slice(2);

async function main(): Promise<void> {
  const hasher = new CountingHasher();
  const container = await createContainer({
    dbPath,
    keychain: new KeytarKeychain('Portcullis-test'),
    logger: new MemoryLogger(),
    clock: new ManualClock(at),
    hasher,
  });
  const client = { ip: '203.0.113.7', userAgent: 'attempt-limits-worker' };
  process.stdout.write('ready\n');
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) if (line === 'go') break;
  setImmediate(() => process.stdout.write('firing\n'));
  const codes = await Promise.all(
    Array.from({ length: Number(n) }, (_, i) =>
      container.services.auth.signIn({ login, password: `worker wrong ${i}` }, client).then(
        () => 'ok',
        (e: unknown) => (e instanceof AppError ? e.code : 'internal'),
      ),
    ),
  );
  process.stdout.write(`${JSON.stringify({ codes, verified: hasher.verified })}\n`);
  await container.close();
}

void main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
