/** Roles, from most to least powerful (docs/product.md, roles table). */
export const ROLES = ['owner', 'admin', 'support', 'auditor', 'member'] as const;
export type Role = (typeof ROLES)[number];

/** What a role may do. "public" and "self" are not permissions a role holds: see contract. */
export const PERMISSIONS = [
  'users:read',
  'users:manage',
  'users:support',
  'sessions:manage-all',
  'tokens:manage-all',
  'settings:manage',
  'services:manage',
  'linked-token:manage',
  'audit:read',
  'audit:export',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  owner: PERMISSIONS,
  admin: [
    'users:read',
    'users:manage',
    'users:support',
    'sessions:manage-all',
    'tokens:manage-all',
    'settings:manage',
    'audit:read',
  ],
  support: ['users:read', 'users:support'],
  auditor: ['audit:read', 'audit:export'],
  member: [],
};

/** True when the role holds the permission. */
export function roleCan(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** Rank for "not above the actor's own role" checks: lower is more powerful. */
export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

/** True when `actor` may hand out `target` (same or lower power). */
export function roleAtMost(target: Role, actor: Role): boolean {
  return roleRank(target) >= roleRank(actor);
}

/** True when `actor` is strictly above `target` (recovery actions on other operators need this). */
export function roleOutranks(actor: Role, target: Role): boolean {
  return roleRank(actor) < roleRank(target);
}

/** The lower-powered of two roles (an API token acts with min(its role, its owner's role)). */
export function lowerRole(a: Role, b: Role): Role {
  return roleRank(a) >= roleRank(b) ? a : b;
}
