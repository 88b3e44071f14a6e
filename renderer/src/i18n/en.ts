import type { ErrorCode } from '@shared/result';
import { mySecurityMessages } from './en/my-security';
import { twoFactorMessages } from './en/two-factor';
import { deliveryMessages } from './en/delivery';
import { auditMessages } from './en/audit';
import { reviewMessages } from './en/review';
import { adminMessages } from './en/admin';
import { passwordResetMessages } from './en/password-reset';
import { uiMessages } from './en/ui';

/**
 * English messages. vue-i18n syntax: `{name}` is a parameter and `|` separates plural
 * forms, so write a literal at sign or brace as {'@'} / {'{'}.
 */
const errors: Record<ErrorCode, string> = {
  invalid_input: 'Some of the information entered is not valid. Check the form and try again.',
  unknown_channel: 'This version of the app does not support that action. Update Portcullis and try again.',
  forbidden_sender:
    'The request was refused because it did not come from the Portcullis window. Restart the app.',
  not_signed_in: 'You are not signed in. Sign in and try again.',
  session_expired: 'Your session has expired. Sign in again to continue.',
  session_revoked: 'Your session was ended from another place. Sign in again to continue.',
  permission_denied: 'Your role does not allow this action. Ask an administrator if you need it.',
  invalid_credentials: 'The username or password is not correct.',
  account_locked:
    'Too many wrong passwords. This account is locked for {minutes} minute. Try again later or ask support to unlock it. | Too many wrong passwords. This account is locked for {minutes} minutes. Try again later or ask support to unlock it.',
  account_blocked: 'This account is blocked. Ask an administrator to unblock it.',
  password_change_required:
    'Choose a new password before you continue: your password was set by an administrator or has expired.',
  two_factor_required:
    'Your role requires two-factor authentication. Set it up on My security before doing anything else.',
  password_policy:
    'This password does not meet the password policy. Choose a longer password that is not common and that you have not used recently.',
  setup_already_done: 'Portcullis is already set up. Sign in with an existing account.',
  conflict: 'That already exists or was changed by someone else. Check the details, reload and try again.',
  not_found: 'That item no longer exists. Reload the page and try again.',
  keychain_unavailable:
    'The system keychain is not available, so secrets cannot be stored safely. Unlock or set up the keychain and try again.',
  provider_unavailable:
    'The linked service (flespi) could not be reached or did not answer as expected. Check the connection and try again.',
  internal: 'Something went wrong on our side. Try again; if it keeps happening, contact support.',
  invalid_code: 'That code is not correct or has already been used. Check the code and try again.',
  challenge_ended: 'Too many wrong codes, or the code expired. Sign in again to get a new one.',
  retry_later: 'Please wait {seconds} seconds before asking for another code.',
  setup_required:
    'Portcullis has no directory on this computer yet. Create the owner account first, or review an audit export without one.',
};

export const en = {
  app: { name: 'Portcullis' },
  ...mySecurityMessages,
  ...twoFactorMessages,
  ...deliveryMessages,
  ...auditMessages,
  ...reviewMessages,
  ...adminMessages,
  ...passwordResetMessages,
  ...uiMessages,
  errors: {
    ...errors,
    passwordPolicyReason: 'This password does not meet the password policy: {reason}',
    invalidCodeAttemptsLeft: 'That code is not correct. Attempts left: {count}.',
    invalidCodeNoAttemptsLeft: 'Too many wrong codes. Start again to get a new code.',
    retryLaterMinutes:
      'Please wait {minutes} minute and try again. | Please wait {minutes} minutes and try again.',
    accountLockedNoTime:
      'Too many wrong passwords. This account is locked for a while. Try again later or ask support to unlock it.',
  },
  common: {
    never: 'never',
    off: 'Off',
    comingSoon: 'Coming soon',
    cancel: 'Cancel',
    none: '—',
  },
  roles: { owner: 'Owner', admin: 'Admin', support: 'Support', auditor: 'Auditor', member: 'Member' },
  status: { active: 'Active', locked: 'Locked', blocked: 'Blocked' },
  twoFactor: { totp: 'Authenticator app', email: 'Email code', sms: 'SMS code' },
  nav: {
    dashboard: 'Dashboard',
    users: 'Users',
    sessions: 'Sessions',
    tokens: 'API tokens',
    audit: 'Audit log',
    settings: 'Settings',
    outbox: 'Outbox',
    mySecurity: 'My security',
  },
  header: {
    themeToDark: 'Switch to dark theme',
    themeToLight: 'Switch to light theme',
    useSystemTheme: 'Follow system theme',
    signOut: 'Sign out',
    userMenu: 'Account menu',
  },
  setup: {
    title: 'Create the owner account',
    intro:
      'This is the first start of Portcullis. The owner account can do everything, including managing other administrators. Keep its password safe.',
    username: 'Username',
    displayName: 'Display name',
    email: 'Email',
    password: 'Password',
    passwordConfirm: 'Confirm password',
    submit: 'Create owner and sign in',
    required: 'This field is required.',
    passwordsDiffer: 'The two passwords are not the same.',
    checkFields: 'Some fields are empty. Fill in the highlighted fields and try again.',
  },
  signIn: {
    title: 'Sign in',
    intro: 'Sign in to manage accounts, sessions and the audit log.',
    login: 'Username or email',
    password: 'Password',
    submit: 'Sign in',
    required: 'This field is required.',
    missing: 'Enter your username or email and your password.',
    reason: {
      revoked: 'Your session was ended from another place. Sign in again to continue.',
      expired: 'Your session has expired. Sign in again to continue.',
      signed_out: 'You have been signed out.',
    },
  },
  pages: {
    dashboard: 'Dashboard',
    users: 'Users',
    sessions: 'Sessions',
    tokens: 'API tokens',
    audit: 'Audit log',
    settings: 'Settings',
    outbox: 'Outbox',
    mySecurity: 'My security',
  },
  dashboard: {
    welcome: 'Welcome, {name}',
    role: 'You are signed in as {role}.',
    comingTitle: 'Security overview is on its way',
    comingText:
      'This page will show how many people use two-factor authentication, how many sessions are active right now, and a chart of sign-ins and failed attempts over time.',
  },
  users: {
    search: 'Search by username, name or email',
    role: 'Role',
    status: 'Status',
    add: 'Add user',
    colUser: 'User',
    colEmail: 'Email',
    colRole: 'Role',
    colStatus: 'Status',
    col2fa: '2FA',
    colLastLogin: 'Last sign-in',
    colCreated: 'Created',
    emptyTitle: 'No users found',
    emptyText: 'No user matches the search and filters. Change or clear them to see more.',
    created: 'User {name} was created.',
  },
  userForm: {
    title: 'Add user',
    username: 'Username',
    displayName: 'Display name',
    email: 'Email',
    phone: 'Phone (optional)',
    phonePlaceholder: 'International format, e.g. +44 20 7946 0958',
    role: 'Role',
    canChangePassword: 'Can change password',
    mustChangePassword: 'Must change it at first sign-in',
    canSendSms: 'Can send SMS',
    password: 'Initial password',
    submit: 'Create user',
  },
  sessions: {
    device: 'Device',
    browser: 'Browser',
    os: 'Operating system',
    ip: 'IP address',
    location: 'Location',
    created: 'Created',
    lastSeen: 'Last accessed',
    thisSession: 'This session',
    emptyTitle: 'No sessions',
    emptyText: 'There are no active sessions to show.',
    comingTitle: 'All sessions, for administrators',
    comingText:
      'This page will list the sessions of every user, with filters, so you can end a suspicious session or all sessions of a person.',
  },
  mySecurity: {
    sessionsTitle: 'Sessions',
    sessionsIntro: 'Where your account is signed in now.',
    passwordTitle: 'Password',
    passwordText: 'Changing your password, with a strength meter and the password policy, is coming here.',
    twoFactorTitle: 'Two-factor authentication',
    twoFactorText:
      'You will be able to turn on an authenticator app, email or SMS codes here, and manage your backup codes.',
    tokensTitle: 'API tokens',
    tokensText: 'You will be able to create, list and revoke your personal API tokens here.',
  },
  tokens: {
    comingTitle: 'API tokens of all users',
    comingText:
      'This page will list every API token with its owner, role, expiry and last use, and let you revoke tokens.',
  },
  settings: {
    comingTitle: 'Settings are on their way',
    comingText:
      'Authentication limits, password policy, account services, mail and SMS delivery will be configured here.',
  },
  operatorLimits: {
    peer: 'Only someone with a higher role than {user} can change their email address or role.',
    self: 'Change your own email address on My security. Only someone with a higher role can change your role.',
  },
  deliverySecrets: {
    mailAgain:
      'You changed: {fields}. Enter the password again to save: the stored password is only sent to the server it was entered for.',
    twilioAgain:
      'You changed where the auth token is sent. Enter the auth token again to save: the stored token is only sent to the gateway it was entered for.',
    webhookAgain:
      'You changed where the token is sent. Enter the token again to save: the stored token is only sent to the gateway it was entered for.',
  },
  audit: {
    codeFilter: 'Filter by event code, e.g. user:logged_in',
    time: 'Time',
    code: 'Event',
    message: 'Message',
    actor: 'Actor',
    subject: 'Subject',
    ip: 'IP address',
    location: 'Location',
    device: 'Device',
    sessionHash: 'Session',
    emptyTitle: 'No audit events',
    emptyText: 'No event matches the filter. Change or clear it to see more.',
  },
};

/** The shape every locale must follow. */
export type MessageSchema = typeof en;
