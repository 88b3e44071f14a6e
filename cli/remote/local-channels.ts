import type { ChannelName, ChannelOutput, ChannelParsed } from '../../shared/ipc/contract';
import type { Services } from '../../electron/main/services/services';
import { CLI_CLIENT } from '../../electron/main/services/context';
import { cliActor } from '../operator';

type Local<C extends ChannelName> = (s: Services, input: ChannelParsed<C>) => Promise<ChannelOutput<C>>;

/** The channels the CLI runs on a local database, each as its IPC handler runs it. */
export type LocalChannels = { [C in ChannelName]?: Local<C> };

/**
 * The IPC handlers' service calls, with the machine's operator as the actor (owner role, no
 * session, audited as "cli:<OS user>": see cli/operator.ts) instead of a signed-in window.
 */
export const LOCAL_CHANNELS: LocalChannels = {
  'users:list': (s, i) => s.users.list(i),
  'users:create': (s, i) => s.users.create(i, cliActor(), CLI_CLIENT),
  'users:unlock': (s, i) => s.support.unlock(i.userIds, cliActor(), CLI_CLIENT),
  'users:block': (s, i) => s.support.block(i.userIds, cliActor(), CLI_CLIENT, { reason: i.reason, on: i.on }),
  'users:unblock': (s, i) => s.support.unblock(i.userIds, cliActor(), CLI_CLIENT),
  'users:revokeSessions': (s, i) => s.support.revokeSessions(i.userIds, cliActor(), CLI_CLIENT),
  'users:sendPasswordReset': (s, i) => s.passwordReset.send(i.userIds, cliActor(), CLI_CLIENT),
  'users:disableTwoFactor': async (s, i) => {
    await s.adminTwoFactor.disableFor(cliActor(), i.userId, i.reason, CLI_CLIENT);
    return null;
  },
  'sessions:listAll': (s, i) => s.sessions.listAll(i, null),
  'sessions:revokeAny': async (s, i) => {
    await s.sessions.revoke(cliActor(), i.sessionId, CLI_CLIENT, 'any');
    return null;
  },
  'tokens:listAll': (s, i) => s.tokens.listAll(i),
  'tokens:revokeAny': async (s, i) => {
    await s.tokens.revoke(cliActor(), i.id, CLI_CLIENT, 'any');
    return null;
  },
};
