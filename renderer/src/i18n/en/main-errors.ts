/**
 * English texts for refusals main names with a `rule` in `details`, whatever the error code
 * (error-rules.ts, generalRuleText). The keys are the rule codes main sends.
 */
export const mainErrorMessages = {
  mainError: {
    password_change_not_allowed:
      'Your account does not have the right to change its password. Ask an administrator to change it.',
    current_password_wrong: 'The current password is not correct.',
    password_wrong: 'The password is not correct.',
    same_email: 'This is already your email address. Enter the new address you want to use.',
    no_email_change: 'There is no email change waiting, or its code expired. Start again.',
    audit_altered:
      'Not exporting: the audit log in this database was altered. Restore a verified backup (portcullis restore) or keep this file as evidence; "portcullis audit verify --db" shows the same finding.',
    unknown_signing_key: 'This directory has never had a key with that fingerprint. Check it and try again.',
    signing_key_already_revoked: 'That key was already marked compromised.',
    no_signing_key: 'This directory has no signing key yet: it is made with the first signed export.',
    signing_key_changed:
      'The signing key has changed since this page showed it (someone rotated or revoked it). Reload the card, check the fingerprint again and repeat.',
    signing_key_not_in_keychain:
      'This directory’s audit signing key ({fingerprint}) is not in this computer’s keychain. Exports cannot be signed without it: run Portcullis on the computer that holds the key, or restore that keychain entry.',
    signing_key_failed:
      'The audit signing key could not be created, loaded or stored. Try again; if it keeps happening, check the system keychain.',
    organisation_name: 'The organisation name must be at most {max} characters, on one line.',
    trust_file_unreadable:
      'The trusted signers file could not be read. Check its permissions, then open the review again.',
    trust_file_damaged:
      'The trusted signers file is damaged. Move it aside and add the trusted signers again.',
    fingerprint_format:
      'A fingerprint is 64 hexadecimal characters (groups, spaces and colons are ignored). Copy the whole fingerprint.',
    organisation_required: 'Give the organisation this key belongs to (at most 200 characters, on one line).',
    key_mismatch: 'The public key does not match the fingerprint.',
    not_key_file: 'That is not a public signing key file. Choose the .json file the directory owner saved.',
    key_history_invalid:
      'The key file’s history of keys does not verify, so its key cannot be trusted. Ask the directory owner for a new key file.',
    smtp_password_again:
      'Enter the SMTP password again to save this change. The stored password is only sent to the server it was entered for.',
    twilio_token_again:
      'Enter the Twilio auth token again to save a new API address or account SID. The stored token is only sent to the gateway it was entered for.',
    webhook_token_again:
      'Enter the webhook token again to save a new webhook URL or header. The stored token is only sent to the gateway it was entered for.',
    sms_unavailable:
      'An SMS cannot be sent to this account right now. Use a backup code, or ask support for help.',
    flespi_needs_window: 'Signing in to flespi needs the desktop app window.',
    no_linked_token: 'There is no flespi token yet. Log in or enter one first.',
    code_discarded: 'This one-time code was discarded; ask the user to request a new one.',
    outbox_not_pending: 'Only pending or failed messages can be changed; it may have just been sent.',
    reset_no_sms: 'This account does not use SMS codes. Use your second factor.',
    reset_email_code:
      'An email code cannot confirm a password reset that was itself sent by email. Use a backup code, or ask support for help.',
    reset_second_factor_first:
      'Confirm with your second factor (or a backup code) before you set the new password.',
    email_recovery_off:
      'Password recovery by email is switched off. Ask your administrator or support to send you a reset code.',
    reset_ended:
      'This password reset has ended (the code expired, was used, or had too many wrong tries). Ask for a new code.',
    reset_invalid: 'The username or reset code is not correct, or the code has expired. Ask for a new code.',
    not_a_file: 'That is not an ordinary file (a folder, device or pipe). Choose the .jsonl export file.',
    file_unreadable: 'The file could not be found or read. Check that it still exists and open it again.',
    review_closed: 'This review is no longer open; open the file again.',
    key_file_unreadable: 'The key file could not be read. Check that it still exists and try again.',
    token_needs_two_factor:
      'Your role ({role}) requires two-factor authentication. Turn it on on My security, then create the token.',
    phone_format: 'Enter a valid phone number in international format, for example +44 7911 123456.',
    two_factor_not_on: 'Two-factor authentication is not on.',
    two_factor_setup_expired: 'The setup expired. Start again.',
    use_authenticator: 'Use the code from your authenticator app.',
    two_factor_already_on: 'Two-factor authentication is already on. Turn it off first to change the method.',
    block_date_past: 'The blocking date is in the past. Give a future date, or leave it out to block now.',
    user_exists: 'A user with this username or email address already exists. Choose another one.',
  },
};
