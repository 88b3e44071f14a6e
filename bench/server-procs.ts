import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { ManualClock } from '../electron/main/adapters/clock';
import { KeyFileKeychain } from '../electron/main/adapters/key-file.keychain';
import { MemoryLogger } from '../electron/main/adapters/logger';
import { createContainer } from '../electron/main/container';
import { tempDir, withPipeline, type TestApp } from '../tests/support/services';

/** A team server in its own process (bench/server.child.ts). */
export interface ServerProcess {
  url: string;
  /** SIGTERM: the server finishes its requests, stops its outbox worker and exits; its CPU time (ms), if told. */
  stop(): Promise<number>;
}

/** Starts `portcullis serve` as a child process (tsx loader) on 127.0.0.1 and waits for its URL. */
export function startServerProcess(db: string, keyFile: string): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'server.child.ts'), db, keyFile],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      reject(new Error(`bench server process exited (${String(code)}) before listening`));
    });
    const lines = createInterface({ input: child.stdout });
    let cpuMs = NaN;
    lines.on('line', (line) => {
      const said = JSON.parse(line) as { url?: string; cpuMs?: number };
      if (said.cpuMs !== undefined) cpuMs = said.cpuMs;
      if (said.url === undefined) return;
      resolve({
        url: said.url,
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
          return cpuMs;
        },
      });
    });
  });
}

/** The bench's own in-process services on the URL (no workers): statements to capture, outbox counts. */
export async function localApp(url: string, keyFile: string): Promise<TestApp> {
  const dir = tempDir('portcullis-bench-local-');
  const logger = new MemoryLogger();
  const clock = new ManualClock(new Date().toISOString());
  const container = withPipeline(
    await createContainer({ dbPath: url, keychain: new KeyFileKeychain(keyFile), clock, logger }),
    logger,
    join(dir, 'userData'),
  );
  return { container, clock, logger, dbPath: url, dir, close: () => container.close() };
}
