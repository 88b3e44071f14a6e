import type { z } from 'zod';
import { authContract } from './contracts/auth.contract';
import { usersContract } from './contracts/users.contract';
import { sessionsContract } from './contracts/sessions.contract';
import { auditContract } from './contracts/audit.contract';

export type { SignedIn } from './contracts/auth.contract';

/**
 * Every IPC channel, named `domain:verb`, one file per domain under contracts/. The preload,
 * the register and the renderer's API layer are all built from this object; nobody types a
 * channel name by hand.
 */
export const contract = {
  ...authContract,
  ...usersContract,
  ...sessionsContract,
  ...auditContract,
} as const;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export type ChannelInput<C extends ChannelName> = z.input<Contract[C]['input']>;
export type ChannelParsed<C extends ChannelName> = z.output<Contract[C]['input']>;
export type ChannelOutput<C extends ChannelName> = Contract[C]['output'];

/** All channel names, in declaration order. */
export const CHANNELS = Object.keys(contract) as ChannelName[];
