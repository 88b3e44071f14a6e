import { z } from 'zod';
import type { Page, UserView } from '../../domain/user';
import { channel } from '../channel';
import * as s from '../schemas';

/** The directory (PRODUCT.md F8). */
export const usersContract = {
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
} as const;
