import { afterAll, beforeAll, beforeEach } from 'vitest';
import { liveValue } from './per-test';
import { startSmsGateway, type TestSmsGateway } from './sms-gateway';
import { startSmtpServer, type TestSmtpServer } from './smtp-server';

/** The real loopback SMTP server and SMS gateway the outbox talks to in a test file. */
export interface LoopbackServers {
  smtp: TestSmtpServer;
  sms: TestSmsGateway;
}

/**
 * Starts both servers once for the enclosing describe (starting them is the slow part) and stops them
 * after it; before each test they forget what earlier tests sent and answer normally again.
 */
export function loopbackServersPerDescribe(): LoopbackServers {
  let servers: LoopbackServers | undefined;
  const running = (): LoopbackServers => {
    if (!servers)
      throw new Error('The loopback servers run only while the describe runs: use them in it() or a hook.');
    return servers;
  };
  beforeAll(async () => {
    servers = { smtp: await startSmtpServer(), sms: await startSmsGateway() };
  });
  afterAll(async () => {
    await servers?.smtp.stop();
    await servers?.sms.stop();
    servers = undefined;
  });
  beforeEach(() => {
    const { smtp, sms } = running();
    smtp.messages.length = 0;
    sms.messages.length = 0;
    sms.failWith(null);
    sms.requests = 0;
  });
  return { smtp: liveValue(() => running().smtp), sms: liveValue(() => running().sms) };
}
