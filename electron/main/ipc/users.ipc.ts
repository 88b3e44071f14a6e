import type { Services } from '../services/services';
import type { usersContract } from '../../../shared/ipc/contracts/users.contract';
import { type HandlerMap, signedIn } from './handler';

type UserChannels = keyof typeof usersContract;

/** users:* channels: the directory and the support actions on it. */
export function userHandlers(s: Services): Pick<HandlerMap, UserChannels> {
  return {
    'users:list': (input) => s.users.list(input),
    'users:get': (input) => s.users.get(input.id),
    'users:create': (input, ctx) => s.users.create(input, signedIn(ctx).actor, ctx.client),
    'users:update': (input, ctx) => s.users.update(input, signedIn(ctx).actor, ctx.client),
    'users:unlock': (i, ctx) => s.support.unlock(i.userIds, signedIn(ctx).actor, ctx.client),
    'users:block': (i, ctx) =>
      s.support.block(i.userIds, signedIn(ctx).actor, ctx.client, { reason: i.reason, on: i.on }),
    'users:unblock': (i, ctx) => s.support.unblock(i.userIds, signedIn(ctx).actor, ctx.client),
    'users:forcePasswordChange': (i, ctx) =>
      s.support.forcePasswordChange(i.userIds, signedIn(ctx).actor, ctx.client),
    'users:sendPasswordReset': (i, ctx) => s.passwordReset.send(i.userIds, signedIn(ctx).actor, ctx.client),
    'users:revokeSessions': (i, ctx) => s.support.revokeSessions(i.userIds, signedIn(ctx).actor, ctx.client),
    'users:disableTwoFactor': async (input, ctx) => {
      await s.adminTwoFactor.disableFor(signedIn(ctx).actor, input.userId, input.reason, ctx.client);
      return null;
    },
  };
}
