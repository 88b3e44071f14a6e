/** English texts for errors main sends with a rule or field in `details` (error-text.ts). */
export const errorDetailMessages = {
  errorDetail: {
    passwordRule: {
      min_length: 'Use at least {min} characters.',
      max_length: 'Use at most {max} characters.',
      identity: 'The password must not be your username or email address.',
      context: 'Do not build the password on "{word}": without it, use at least {min} letters or digits.',
      common:
        'This password is on the list of common or breached passwords. Choose one that is harder to guess.',
      reuse: 'You used this password recently. Choose one you have not used in your last {count} passwords.',
    },
    conflictField: {
      username: 'A user with this username already exists. Choose another username.',
      email: 'Another user already has this email address. Use a different address.',
    },
    permissionRule: {
      recover_self: 'Make this change on your own My security page, which asks for a code or your password.',
      recover_self_role: 'You cannot change your own role. Only someone with a higher role can.',
      recover_owner:
        'Nobody can make this change for an owner from the console. The owner makes it on their own My security page.',
      recover_owner_role: 'Nobody can change the role of an owner from the console.',
      recover_peer:
        'This user has the same role as you ({role}). Only someone with a higher role can do this: ask them.',
      above_role: 'This user’s role ({role}) is above yours. Ask someone with a higher role to do it.',
      role_above_own:
        'You cannot give the role {role}: it is above yours. Choose your own role or a lower one.',
      token_role_above: 'Your role cannot revoke a token with the role {role}, which is above yours.',
    },
    conflictRule: {
      block_self: 'You cannot block your own account.',
      already_revoked: 'That token was already revoked.',
      two_factor_off: 'Two-factor authentication is not on for this user.',
    },
    invalidRule: {
      token_months: 'A token is valid for {min} to {max} months.',
      max_below_min: 'The maximum length must not be below the minimum length.',
      current_session: 'This is the session you are using. Sign out instead.',
    },
    invalidIssue: {
      too_small_string: 'Use at least {minimum} characters.',
      too_big_string: 'Use at most {maximum} characters.',
      too_small_number: 'Enter a number of at least {minimum}.',
      too_big_number: 'Enter a number of at most {maximum}.',
      too_small_array: 'Choose at least {minimum}.',
      too_big_array: 'Choose at most {maximum}.',
      invalid_format_email: 'Enter a valid email address.',
    },
  },
};
