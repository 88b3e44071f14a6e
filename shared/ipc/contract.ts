import { z } from 'zod';
import type { CurrentUser, Page, UserView } from '../domain/user';
import type { SessionView } from '../domain/session';
import type { AuditEventView } from '../domain/audit';
import { channel } from './channel';
import * as s from './schemas';

/** Returned by setup and sign-in: who is signed in now, and in which session. */
export interface SignedIn {
  user: CurrentUser;
  session: SessionView;
}

/**
 * Every IPC channel, named `domain:verb`. The preload, the register and the renderer's
 * API layer are all built from this object; nobody types a channel name by hand.
 */
export const contract = {
  'setup:status': channel<{ needsSetup: boolean }>()({ input: s.empty, access: 'public' }),
  'setup:createOwner': channel<SignedIn>()({
    access: 'public',
    input: z.strictObject({
      username: s.username,
      displayName: s.displayName,
      email: s.email,
      password: s.password,
    }),
  }),

  'auth:signIn': channel<SignedIn>()({
    access: 'public',
    input: z.strictObject({ login: z.string().trim().min(1).max(254), password: s.password }),
  }),
  'auth:signOut': channel<null>()({ input: s.empty, access: 'self', allowWhilePasswordChangeRequired: true }),
  'auth:me': channel<CurrentUser | null>()({ input: s.empty, access: 'public' }),

  'users:list': channel<Page<UserView>>()({
    access: 'users:read',
    input: z.strictObject({
      search: z.string().trim().max(200).optional(),
      role: s.role.optional(),
      status: z.enum(['active', 'locked', 'blocked']).optional(),
      sort: z.enum(['username', 'email', 'role', 'createdAt', 'lastLoginAt']).default('username'),
      direction: z.enum(['asc', 'desc']).default('asc'),
      ...s.pageRequest,
    }),
  }),
  'users:create': channel<UserView>()({
    access: 'users:manage',
    input: z.strictObject({
      username: s.username,
      displayName: s.displayName,
      email: s.email,
      phone: z.string().trim().max(32).nullable().default(null),
      role: s.role,
      canChangePassword: z.boolean().default(true),
      canSendSms: z.boolean().default(false),
      password: s.password,
    }),
  }),

  'sessions:listMine': channel<SessionView[]>()({ input: s.empty, access: 'self' }),

  'audit:list': channel<Page<AuditEventView>>()({
    access: 'audit:read',
    input: z.strictObject({
      code: z.string().max(64).optional(),
      userId: z.number().int().positive().optional(),
      ...s.pageRequest,
    }),
  }),
} as const;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export type ChannelInput<C extends ChannelName> = z.input<Contract[C]['input']>;
export type ChannelParsed<C extends ChannelName> = z.output<Contract[C]['input']>;
export type ChannelOutput<C extends ChannelName> = Contract[C]['output'];

/** All channel names, in declaration order. */
export const CHANNELS = Object.keys(contract) as ChannelName[];
