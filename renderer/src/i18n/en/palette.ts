/** English messages of the command palette (Ctrl+K) and the "?" shortcuts overlay. */
export const paletteMessages = {
  palette: {
    title: 'Find a person',
    searchLabel: 'Name, username or email',
    placeholder: 'Type a name or an email…',
    results: 'Actions on the people found',
    hint: 'Type part of a name or an email to find a person.',
    searching: 'Searching…',
    failed: 'The search did not work. Check the connection and try again.',
    noResults: 'Nobody matches. Check the spelling or type less.',
    found: '{n} person found | {n} people found',
    keys: '↑ ↓ to choose · Enter to run · Esc to close',
    close: 'Close',
    action: {
      edit: 'Open {user}',
      disable2fa: 'Turn off two-factor authentication for {user}',
      revokeSessions: 'End all sessions of {user}',
    },
    shortcuts: {
      title: 'Keyboard shortcuts',
      palette: 'Find a person and run a support action',
      overlay: 'Show this list of shortcuts',
      move: 'Choose a row in the palette',
      run: 'Run the chosen action',
      close: 'Close the palette or this list',
    },
  },
};
