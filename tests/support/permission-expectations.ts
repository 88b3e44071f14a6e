import type { Role } from '../../shared/domain/roles';

/**
 * The permission matrix's expectations: who may call each channel, and a sample payload that
 * passes the channel's schema (so a refusal means the permission check, not parsing). Explicit per
 * channel and independent of roles.ts, so it checks the roles table of docs/product.md.
 */
export type Who = 'public' | 'self' | readonly Role[];
export interface Fixture {
  victimId: number;
}
export interface Expectation {
  who: Who;
  payload?: (f: Fixture) => unknown;
}

const USERS_READ = ['owner', 'admin', 'support'] as const;
const USERS_MANAGE = ['owner', 'admin'] as const;
const SUPPORT = ['owner', 'admin', 'support'] as const;
const ADMIN = ['owner', 'admin'] as const;
const OWNER = ['owner'] as const;
const AUDIT_READ = ['owner', 'admin', 'auditor'] as const;
const AUDIT_EXPORT = ['owner', 'auditor'] as const;
const SESSION_ID = { sessionId: '0'.repeat(32) };
const victim = (f: Fixture) => ({ userIds: [f.victimId] });

export const EXPECTED: Record<string, Expectation> = {
  'auth:needsSetup': { who: 'public' },
  'auth:createOwner': {
    who: 'public',
    payload: () => ({
      username: 'mallory',
      displayName: 'M',
      email: 'm@example.com',
      password: 'x'.repeat(20),
    }),
  },
  'auth:signIn': { who: 'public', payload: () => ({ login: 'nobody', password: 'wrong password' }) },
  'auth:verifyCode': { who: 'public', payload: () => ({ code: '123456' }) },
  'auth:useBackupCode': { who: 'public', payload: () => ({ code: 'abcd-efgh-jk' }) },
  'auth:resendCode': { who: 'public' },
  'auth:cancelSecondStep': { who: 'public' },
  'auth:codeStatus': { who: 'public' },
  'auth:signOut': { who: 'self' },
  'auth:me': { who: 'public' },
  'passwordReset:status': { who: 'public' },
  'passwordReset:request': { who: 'public', payload: () => ({ login: 'nobody' }) },
  'passwordReset:verifyCode': { who: 'public', payload: () => ({ login: 'nobody', code: '123456' }) },
  'passwordReset:sendSms': { who: 'public' },
  'passwordReset:verifySecondFactor': { who: 'public', payload: () => ({ kind: 'code', code: '123456' }) },
  'passwordReset:complete': { who: 'public', payload: () => ({ newPassword: 'a new long password 1' }) },
  'passwordReset:cancel': { who: 'public' },
  'users:list': { who: USERS_READ, payload: () => ({}) },
  'users:get': { who: USERS_READ, payload: (f) => ({ id: f.victimId }) },
  'users:create': {
    who: USERS_MANAGE,
    payload: () => ({
      username: 'newbie',
      displayName: 'New',
      email: 'newbie@example.com',
      role: 'member',
      password: 'a long enough password 42',
    }),
  },
  'users:update': { who: USERS_MANAGE, payload: (f) => ({ id: f.victimId, displayName: 'Renamed' }) },
  'users:unlock': { who: SUPPORT, payload: victim },
  'users:block': { who: USERS_MANAGE, payload: victim },
  'users:unblock': { who: USERS_MANAGE, payload: victim },
  'users:forcePasswordChange': { who: USERS_MANAGE, payload: victim },
  'users:sendPasswordReset': { who: SUPPORT, payload: victim },
  'users:revokeSessions': { who: SUPPORT, payload: victim },
  'users:disableTwoFactor': { who: SUPPORT, payload: (f) => ({ userId: f.victimId, reason: 'lost phone' }) },
  'sessions:listMine': { who: 'self' },
  'sessions:revoke': { who: 'self', payload: () => SESSION_ID },
  'sessions:revokeOthers': { who: 'self' },
  'sessions:listAll': { who: ADMIN, payload: () => ({}) },
  'sessions:revokeAny': { who: ADMIN, payload: () => SESSION_ID },
  'audit:list': { who: AUDIT_READ, payload: () => ({}) },
  'twoFactor:status': { who: 'self' },
  'twoFactor:startTotp': { who: 'self' },
  'twoFactor:sendCode': { who: 'self', payload: () => ({ method: 'email' }) },
  'twoFactor:codeStatus': { who: 'self', payload: () => ({ purpose: 'enable_2fa' }) },
  'twoFactor:confirm': { who: 'self', payload: () => ({ code: '123456' }) },
  'twoFactor:sendConfirmationCode': { who: 'self', payload: () => ({ purpose: 'disable_2fa' }) },
  'twoFactor:regenerateBackupCodes': { who: 'self', payload: () => ({ code: '123456' }) },
  'twoFactor:disable': { who: 'self', payload: () => ({ code: '123456' }) },
  'account:overview': { who: 'self' },
  'account:changePassword': {
    who: 'self',
    payload: () => ({ currentPassword: 'wrong', newPassword: 'another long password 9' }),
  },
  'account:requestEmailChange': { who: 'self', payload: () => ({ email: 'changed@example.com' }) },
  'account:confirmEmailChange': { who: 'self', payload: () => ({ code: '123456' }) },
  'account:cancelEmailChange': { who: 'self' },
  'account:setNotifyBlocking': { who: 'self', payload: () => ({ enabled: true }) },
  'account:setLanguage': { who: 'self', payload: () => ({ language: 'ru' }) },
  'tokens:listMine': { who: 'self' },
  'tokens:create': { who: 'self', payload: () => ({ name: 'ci', months: 1, role: 'member' }) },
  'tokens:revoke': { who: 'self', payload: () => ({ id: 999_999 }) },
  'tokens:listAll': { who: ADMIN, payload: () => ({}) },
  'tokens:revokeAny': { who: ADMIN, payload: () => ({ id: 999_999 }) },
  'linkedToken:get': { who: OWNER },
  'linkedToken:login': { who: OWNER, payload: () => ({ region: 'eu' }) },
  'linkedToken:check': { who: OWNER },
  'linkedToken:save': { who: OWNER, payload: () => ({ token: 'A'.repeat(32), region: 'eu' }) },
  'settings:getAuth': { who: ADMIN },
  'settings:saveAuth': {
    who: ADMIN,
    payload: () => ({
      maxPasswordAttempts: 5,
      lockoutMinutes: 15,
      maxCodeAttempts: 5,
      sessionIdleMinutes: 600,
      sessionLifetimeHours: 12,
      twoFactorRequiredRoles: [],
    }),
  },
  'settings:getPasswordPolicy': { who: ADMIN },
  'settings:savePasswordPolicy': {
    who: ADMIN,
    payload: () => ({ minLength: 12, maxLength: 256, historyCount: 5, maxAgeDays: 0 }),
  },
  'dashboard:stats': { who: USERS_READ },
  'audit:mine': { who: 'self', payload: () => ({}) },
  'audit:timeline': { who: AUDIT_READ, payload: () => ({ filter: {} }) },
  'audit:mineTimeline': { who: 'self', payload: () => ({ filter: {} }) },
  'audit:export': { who: AUDIT_EXPORT, payload: () => ({ filter: {}, format: 'csv' }) },
  'audit:exportStatus': { who: AUDIT_EXPORT, payload: () => ({ id: 'a'.repeat(32) }) },
  'audit:exportCancel': { who: AUDIT_EXPORT, payload: () => ({ id: 'a'.repeat(32) }) },
  'audit:signingKey': { who: AUDIT_READ },
  'audit:setOrganisation': { who: OWNER, payload: () => ({ name: 'Matrix Ltd' }) },
  'audit:rotateSigningKey': { who: OWNER, payload: () => ({ confirm: '0'.repeat(64) }) },
  'audit:revokeSigningKey': {
    who: OWNER,
    payload: () => ({ fingerprint: '0'.repeat(64), confirm: '0'.repeat(64) }),
  },
  'audit:savePublicKeyFile': { who: AUDIT_READ },
  'audit:publicKeyFile': { who: AUDIT_READ, payload: () => ({ file: 'signer.json' }) },
  'review:open': { who: 'public' },
  'review:list': { who: 'public', payload: () => ({ id: 'b'.repeat(32) }) },
  'review:timeline': { who: 'public', payload: () => ({ id: 'b'.repeat(32), filter: {} }) },
  'review:close': { who: 'public', payload: () => ({ id: 'b'.repeat(32) }) },
  'review:openPending': { who: 'public' },
  // Write-only, from the app's own top frame; the offline review copies fingerprints signed out.
  'clipboard:writeText': { who: 'public', payload: () => ({ text: 'ab'.repeat(32), secret: false }) },
  'review:status': { who: 'public', payload: () => ({ id: 'b'.repeat(32) }) },
  'review:cancel': { who: 'public', payload: () => ({ id: 'b'.repeat(32) }) },
  // Trusted signers belong to the OS user at this desktop, not to a directory role.
  'review:trustedSigners': { who: 'public' },
  'review:trustSigner': {
    who: 'public',
    payload: () => ({ fingerprint: 'a'.repeat(64), organisation: 'Matrix Ltd' }),
  },
  'review:importSignerFile': { who: 'public' },
  'review:removeTrustedSigner': { who: 'public', payload: () => ({ fingerprint: 'a'.repeat(64) }) },
  // The choice of directory belongs to the desktop (first run has no session); never served over HTTP.
  'connection:probe': { who: 'public', payload: () => ({ url: 'https://127.0.0.1:1' }) },
  'connection:save': {
    who: 'public',
    payload: () => ({ url: 'https://127.0.0.1:1', pinnedFingerprint: 'AB'.repeat(32) }),
  },
  'connection:current': { who: 'public' },
  'connection:forget': { who: 'public' },
  'connection:chooseCaFile': { who: 'public' },
  'mail:getSettings': { who: OWNER },
  'mail:saveSettings': {
    who: OWNER,
    payload: () => ({
      host: '127.0.0.1',
      port: 9,
      security: 'none',
      user: '',
      from: '',
      fromName: 'Portcullis',
      allowSelfSigned: false,
    }),
  },
  'mail:sendTest': { who: OWNER, payload: () => ({ to: 'olivia@example.com' }) },
  'sms:getSettings': { who: OWNER },
  'sms:saveSettings': {
    who: OWNER,
    payload: () => ({
      provider: 'none',
      twilioAccountSid: '',
      twilioFrom: '',
      twilioBaseUrl: '',
      webhookUrl: '',
      webhookHeader: '',
    }),
  },
  'sms:sendTest': { who: OWNER, payload: () => ({ to: '+447700900123' }) },
  'delivery:getServices': { who: OWNER },
  'delivery:updateServices': {
    who: OWNER,
    payload: () => ({ smsEnabled: false, smsAvailable: 0, emailEnabled: true }),
  },
  'outbox:list': { who: ADMIN, payload: () => ({}) },
  'outbox:retry': { who: ADMIN, payload: () => ({ id: 999_999 }) },
  'outbox:cancel': { who: ADMIN, payload: () => ({ id: 999_999 }) },
  'delivery:codeStatus': { who: 'self', payload: () => ({ messageId: 999_999 }) },
};
