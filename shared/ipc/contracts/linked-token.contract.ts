import { z } from 'zod';
import { channel } from '../channel';

export const LINKED_REGIONS = ['ru', 'eu'] as const;
export type LinkedRegion = (typeof LINKED_REGIONS)[number];

/** The linked service (flespi) token as the owner sees it: masked, never whole. */
export interface LinkedTokenView {
  present: boolean;
  region: LinkedRegion | null;
  masked: string | null;
  expiresAt: string | null;
  source: 'login' | 'manual' | null;
  updatedAt: string | null;
}

/** The provider's answer to "Check". */
export interface LinkedTokenCheck {
  status: 'active' | 'expired' | 'invalid';
  expiresAt: string | null;
}

const region = z.enum(LINKED_REGIONS);

/** The linked service token, top users only (docs/product.md F5; source pages S0, S1). */
export const linkedTokenContract = {
  'linkedToken:get': channel<LinkedTokenView>()({
    input: z.strictObject({}).optional(),
    access: 'linked-token:manage',
  }),
  /** Opens the provider's authorization and stores the token it sends back. */
  'linkedToken:login': channel<LinkedTokenView>()({
    input: z.strictObject({ region }),
    access: 'linked-token:manage',
  }),
  'linkedToken:check': channel<LinkedTokenCheck>()({
    input: z.strictObject({}).optional(),
    access: 'linked-token:manage',
  }),
  'linkedToken:save': channel<LinkedTokenView>()({
    access: 'linked-token:manage',
    input: z.strictObject({
      token: z
        .string()
        .trim()
        .min(16, 'A token has at least 16 characters')
        .max(512)
        .regex(/^[A-Za-z0-9._~+/=-]+$/, 'A token has no spaces or punctuation'),
      region,
    }),
  }),
} as const;
