import { z } from 'zod';
import type { Page, UserView } from '../../domain/user';
import { channel } from '../channel';
import * as s from '../schemas';

/** Outcome of a (bulk) support action: users changed, and users already in that state. */
export interface BulkResult {
  changed: number[];
  skipped: number[];
}

/** One or many users (bulk actions from the table's selection). */
const userIds = z.strictObject({
  userIds: z.array(z.number().int().positive()).min(1, 'Select at least one user').max(500),
});

/** A phone number in international format; spaces, dashes and brackets are dropped. */
const phone = z
  .string()
  .trim()
  .max(32)
  .transform((v) => v.replace(/[\s\-().]/g, ''))
  .pipe(
    z.union([
      z.literal(''),
      z.string().regex(/^\+[1-9]\d{6,14}$/, 'Use international format, e.g. +442079460958'),
    ]),
  )
  .transform((v) => (v === '' ? null : v));

/** The directory (docs/product.md F8). */
export const usersContract = {
  'users:list': channel<Page<UserView>>()({
    access: 'users:read',
    input: z.strictObject({
      search: z.string().trim().max(200).optional(),
      role: s.role.optional(),
      status: z.enum(['active', 'locked', 'blocked']).optional(),
      twoFactor: z.enum(['on', 'off', 'totp', 'email', 'sms']).optional(),
      /** Only active users whose blocking date falls within this many days. */
      blockingWithinDays: z.number().int().min(0).max(365).optional(),
      sort: z.enum(['username', 'email', 'role', 'createdAt', 'lastLoginAt']).default('username'),
      direction: z.enum(['asc', 'desc']).default('asc'),
      ...s.pageRequest,
    }),
  }),
  'users:get': channel<UserView>()({
    access: 'users:read',
    input: z.strictObject({ id: z.number().int().positive() }),
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
      /** The user must replace this initial password at first sign-in (on unless turned off). */
      mustChangePassword: z.boolean().default(true),
    }),
  }),
  'users:update': channel<UserView>()({
    access: 'users:manage',
    input: z.strictObject({
      id: z.number().int().positive(),
      displayName: s.displayName.optional(),
      email: s.email.optional(),
      phone: phone.nullable().optional(),
      role: s.role.optional(),
      canChangePassword: z.boolean().optional(),
      canSendSms: z.boolean().optional(),
      blockingDate: s.isoDate.nullable().optional(),
      notifyBlocking: z.boolean().optional(),
    }),
  }),
  'users:unlock': channel<BulkResult>()({ access: 'users:support', input: userIds }),
  /**
   * Blocks users now, or on a future date `on` (their blocking date: they work until then); an
   * optional reason is kept in the audit log.
   */
  'users:block': channel<BulkResult>()({
    access: 'users:manage',
    input: userIds.extend({
      reason: z.string().trim().min(3, 'Give a reason of at least 3 characters').max(500).optional(),
      on: s.isoDate.optional(),
    }),
  }),
  'users:unblock': channel<BulkResult>()({ access: 'users:manage', input: userIds }),
  'users:forcePasswordChange': channel<BulkResult>()({ access: 'users:manage', input: userIds }),
  'users:sendPasswordReset': channel<BulkResult>()({ access: 'users:support', input: userIds }),
  'users:revokeSessions': channel<BulkResult>()({ access: 'users:support', input: userIds }),
  /** Support turns off somebody's 2FA (they lost the device), with a reason for the audit log. */
  'users:disableTwoFactor': channel<null>()({
    access: 'users:support',
    input: z.strictObject({
      userId: z.number().int().positive(),
      reason: z.string().trim().min(3, 'Give a reason of at least 3 characters').max(500),
    }),
  }),
} as const;
