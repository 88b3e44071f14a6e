import { z } from 'zod';
import type { Role } from '../../domain/roles';
import type { Page } from '../../domain/user';
import { channel } from '../channel';
import * as s from '../schemas';

export type ApiTokenStatus = 'active' | 'expired' | 'revoked';

/** An API token as people see it: never the secret, only a hint of it. */
export interface ApiTokenView {
  id: number;
  userId: number;
  username: string;
  name: string;
  role: Role;
  hint: string;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  status: ApiTokenStatus;
}

/** A new token with its secret, shown exactly once. */
export interface CreatedApiToken {
  token: ApiTokenView;
  secret: string;
}

const tokenId = z.strictObject({ id: z.number().int().positive() });

/** API tokens (docs/product.md F5). */
export const tokensContract = {
  'tokens:listMine': channel<ApiTokenView[]>()({ input: s.empty, access: 'self' }),
  'tokens:create': channel<CreatedApiToken>()({
    access: 'self',
    input: z.strictObject({
      name: z.string().trim().min(1, 'Enter a name').max(64, 'Use at most 64 characters'),
      months: z.number().int().min(1, 'At least 1 month').max(12, 'At most 12 months'),
      role: s.role,
    }),
  }),
  'tokens:revoke': channel<null>()({ input: tokenId, access: 'self' }),
  /** One page of everybody's tokens, newest first, with the total that match. */
  'tokens:listAll': channel<Page<ApiTokenView>>()({
    access: 'tokens:manage-all',
    input: z.strictObject({ user: z.string().trim().max(64).optional(), ...s.pageRequest }),
  }),
  'tokens:revokeAny': channel<null>()({ input: tokenId, access: 'tokens:manage-all' }),
} as const;
