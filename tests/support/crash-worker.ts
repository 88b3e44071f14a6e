// Bulk work for the crash-safety test: runs until killed. Each step is one transaction:
// create a user (user row + password + audit event), then sign them in (session + audit).
import { createContainer } from '../../electron/main/container';
import { KeytarKeychain } from '../../electron/main/adapters/keytar.keychain';
import { PasswordHasher } from '../../electron/main/security/password-hasher';
import { MemoryLogger } from '../../electron/main/adapters/logger';

const dbPath = process.argv[2] ?? '';
if (!dbPath) throw new Error('usage: crash-worker DB');

async function main(): Promise<never> {
  const container = await createContainer({
    dbPath,
    keychain: new KeytarKeychain('Portcullis-test'),
    logger: new MemoryLogger(),
    // Cheap hashing: this test is about atomicity, not password strength.
    hasher: new PasswordHasher({ memoryCost: 1024, timeCost: 1, parallelism: 1 }),
  });
  const client = { ip: '203.0.113.9', userAgent: 'crash-worker' };
  const { users, auth } = container.services;
  process.stdout.write('ready\n');
  for (let i = 0; ; i++) {
    const username = `bulk${process.pid}x${i}`;
    await users.create(
      {
        username,
        displayName: `Bulk ${i}`,
        email: `${username}@example.com`,
        phone: null,
        role: 'member',
        canChangePassword: true,
        canSendSms: false,
        password: 'bulk password 123',
      },
      null,
      client,
    );
    await auth.signIn({ login: username, password: 'bulk password 123' }, client);
  }
}

void main();
