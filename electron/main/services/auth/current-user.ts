import type { UserRow } from '../../db/repositories/user.repository';
import { PERMISSIONS, roleCan, type Role } from '../../../../shared/domain/roles';
import type { CurrentUser } from '../../../../shared/domain/user';
import { asLanguage } from '../../../../shared/domain/language';

/** The signed-in person as the renderer's shell needs it. */
export function toCurrentUser(user: UserRow): CurrentUser {
  const role = user.role as Role;
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    email: user.email,
    role,
    permissions: PERMISSIONS.filter((p) => roleCan(role, p)),
    mustChangePassword: user.must_change_password === 1,
    language: asLanguage(user.language),
  };
}
