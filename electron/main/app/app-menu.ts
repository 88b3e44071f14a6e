import { app, Menu, type MenuItemConstructorOptions } from 'electron';

/** What the app's own menu entries do (everything else is a role). */
export interface AppMenuActions {
  /** File → Review an Audit Export…: the window goes to the offline review (no directory needed). */
  reviewExport(): void;
}

/**
 * The installed app's own menu. Electron's default menu (kept in development builds) has
 * Reload, Force Reload and Toggle Developer Tools with their shortcuts; this one has none, and
 * sets no accelerator of its own: every entry but "Review an Audit Export…" is a role, so its
 * shortcut is Electron's standard. The Edit roles make copy and paste work in text fields on macOS.
 */
export function appMenuTemplate(
  actions: AppMenuActions,
  platform: NodeJS.Platform = process.platform,
): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const review: MenuItemConstructorOptions = {
    label: 'Review an Audit Export…',
    click: () => {
      actions.reviewExport();
    },
  };
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { type: 'separator' },
      { role: 'selectAll' },
    ],
  };
  // Zoom stays: people who need larger text must be able to get it (WCAG 1.4.4).
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  if (mac) {
    return [
      {
        label: 'Portcullis',
        submenu: [
          { role: 'about' },
          { type: 'separator' },
          { role: 'hide' },
          { role: 'hideOthers' },
          { role: 'unhide' },
          { type: 'separator' },
          { role: 'quit' },
        ],
      },
      { label: 'File', submenu: [review, { type: 'separator' }, { role: 'close' }] },
      edit,
      view,
      {
        label: 'Window',
        submenu: [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }],
      },
    ];
  }
  return [
    { label: '&File', submenu: [review, { type: 'separator' }, { role: 'quit' }] },
    { ...edit, label: '&Edit' },
    { ...view, label: '&View' },
    { label: '&Window', submenu: [{ role: 'minimize' }, { role: 'close' }] },
    { role: 'help', submenu: [{ role: 'about' }] },
  ];
}

/** Installs the app's own menu in the installed app; development builds keep Electron's (with DevTools). */
export function installAppMenu(actions: AppMenuActions): void {
  if (!app.isPackaged) return;
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(actions)));
}
