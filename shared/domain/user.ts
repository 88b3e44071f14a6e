import type { Language } from './language';
import type { Role } from './roles';

export type UserStatus = 'active' | 'locked' | 'blocked';

/** A user as the renderer may see it: no hashes, no secrets. Dates are ISO strings. */
export interface UserView {
  id: number;
  username: string;
  displayName: string;
  email: string;
  phone: string | null;
  role: Role;
  status: UserStatus;
  canChangePassword: boolean;
  canSendSms: boolean;
  blockingDate: string | null;
  lockedUntil: string | null;
  mustChangePassword: boolean;
  twoFactorMethod: 'totp' | 'email' | 'sms' | null;
  lastLoginAt: string | null;
  createdAt: string;
  /** Live sessions; filled in by the users list. */
  activeSessions?: number;
  /** "Notify about account blocking by email" (docs/product.md source page S0); filled in by the directory. */
  notifyBlocking?: boolean;
}

/** The signed-in caller, as the shell needs it. */
export interface CurrentUser {
  id: number;
  username: string;
  displayName: string;
  email: string;
  role: Role;
  permissions: string[];
  mustChangePassword: boolean;
  /** The language this person chose (account:setLanguage); null = not chosen, follow the OS. */
  language: Language | null;
  /** The role must use 2FA (settings) and this user has none yet: only the own page is open. */
  twoFactorSetupRequired?: boolean;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
  /** True when `total` is a lower bound: counting stopped there (very broad searches). */
  totalCapped?: boolean;
}
