import type { z } from 'zod';
import { authContract } from './contracts/auth.contract';
import { deliveryContract } from './contracts/delivery.contract';
import { mailContract } from './contracts/mail.contract';
import { smsContract } from './contracts/sms.contract';
import { outboxContract } from './contracts/outbox.contract';
import { usersContract } from './contracts/users.contract';
import { sessionsContract } from './contracts/sessions.contract';
import { auditContract } from './contracts/audit.contract';
import { reviewContract } from './contracts/review.contract';
import { twoFactorContract } from './contracts/two-factor.contract';
import { accountContract } from './contracts/account.contract';
import { tokensContract } from './contracts/tokens.contract';
import { linkedTokenContract } from './contracts/linked-token.contract';
import { settingsContract } from './contracts/settings.contract';
import { dashboardContract } from './contracts/dashboard.contract';
import { passwordResetContract } from './contracts/password-reset.contract';
import { clipboardContract } from './contracts/clipboard.contract';
import { connectionContract } from './contracts/connection.contract';

export type { SignedIn } from './contracts/auth.contract';
export type { SignInResult, SecondStepNeeded } from './contracts/auth.contract';

/**
 * Every IPC channel, named `domain:verb`, one file per domain under contracts/. The preload,
 * the register and the renderer's API layer are all built from this object; nobody types a
 * channel name by hand.
 */
export const contract = {
  ...authContract,
  ...deliveryContract,
  ...mailContract,
  ...smsContract,
  ...outboxContract,
  ...usersContract,
  ...sessionsContract,
  ...auditContract,
  ...reviewContract,
  ...twoFactorContract,
  ...accountContract,
  ...tokensContract,
  ...linkedTokenContract,
  ...settingsContract,
  ...dashboardContract,
  ...passwordResetContract,
  ...clipboardContract,
  ...connectionContract,
} as const;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export type ChannelInput<C extends ChannelName> = z.input<Contract[C]['input']>;
export type ChannelParsed<C extends ChannelName> = z.output<Contract[C]['input']>;
export type ChannelOutput<C extends ChannelName> = Contract[C]['output'];

/** All channel names, in declaration order. */
export const CHANNELS = Object.keys(contract) as ChannelName[];
