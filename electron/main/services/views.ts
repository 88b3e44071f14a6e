import type { UserView, UserStatus } from '../../../shared/domain/user';
import type { SessionView } from '../../../shared/domain/session';
import type { AuditEventView } from '../../../shared/domain/audit';
import type { Role } from '../../../shared/domain/roles';
import type { UserRow } from '../db/repositories/user.repository';
import type { SessionRow } from '../db/repositories/session.repository';
import type { AuditRow } from '../db/repositories/audit.repository';

/** Status as people mean it: blocked beats locked beats active. */
export function userStatus(row: UserRow, now: Date): UserStatus {
  if (row.status === 'blocked') return 'blocked';
  if (row.locked_until && row.locked_until > now.toISOString()) return 'locked';
  return 'active';
}

/** Row -> the renderer's view (no hashes, no secrets). */
export function toUserView(row: UserRow, now: Date): UserView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    email: row.email,
    phone: row.phone,
    role: row.role as Role,
    status: userStatus(row, now),
    canChangePassword: row.can_change_password === 1,
    canSendSms: row.can_send_sms === 1,
    blockingDate: row.blocking_date,
    lockedUntil: row.locked_until,
    mustChangePassword: row.must_change_password === 1,
    twoFactorMethod: row.two_factor_method as UserView['twoFactorMethod'],
    lastLoginAt: row.last_login_at,
    createdAt: row.created_at,
  };
}

export function toSessionView(row: SessionRow, username: string, currentId: string | null): SessionView {
  return {
    id: row.id,
    userId: row.user_id,
    username,
    deviceType: row.device_type,
    browser: row.browser,
    os: row.os,
    ip: row.ip,
    location: row.location,
    userAgent: row.user_agent,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    current: row.id === currentId,
  };
}

export function toAuditView(row: AuditRow): AuditEventView {
  return {
    id: row.id,
    at: row.at,
    code: row.code,
    message: row.message,
    actorId: row.actor_id,
    actorName: row.actor_name,
    subjectId: row.subject_id,
    subjectName: row.subject_name,
    ip: row.ip,
    sessionHash: row.session_hash,
    location: row.location,
    deviceType: row.device_type,
    browser: row.browser,
    os: row.os,
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}
