// Menu and MenuItem of the fake 'electron' (see ../fake-electron.ts). Like Electron, a role
// brings its default label and accelerator, and the menu roles (viewMenu, editMenu, ...) expand
// to Electron's default submenus, so a template that says `{ role: 'viewMenu' }` really carries
// Reload and Toggle Developer Tools here too.
import type { MenuItemConstructorOptions } from 'electron';

const isMac = process.platform === 'darwin';
const isWindows = process.platform === 'win32';
type Template = MenuItemConstructorOptions[];

/** Electron's default accelerators per role (lower-case role ids, as MenuItem stores them). */
const ROLE_ACCELERATORS: Record<string, string | undefined> = {
  close: 'CommandOrControl+W',
  copy: 'CommandOrControl+C',
  cut: 'CommandOrControl+X',
  forcereload: 'Shift+CmdOrCtrl+R',
  hide: 'Command+H',
  hideothers: 'Command+Alt+H',
  minimize: 'CommandOrControl+M',
  paste: 'CommandOrControl+V',
  pasteandmatchstyle: isMac ? 'Cmd+Option+Shift+V' : 'Shift+CommandOrControl+V',
  quit: isWindows ? undefined : 'CommandOrControl+Q',
  redo: isWindows ? 'Control+Y' : 'Shift+CommandOrControl+Z',
  reload: 'CmdOrCtrl+R',
  resetzoom: 'CommandOrControl+0',
  selectall: 'CommandOrControl+A',
  toggledevtools: isMac ? 'Alt+Command+I' : 'Ctrl+Shift+I',
  togglefullscreen: isMac ? 'Control+Command+F' : 'F11',
  undo: 'CommandOrControl+Z',
  zoomin: 'CommandOrControl+Plus',
  zoomout: 'CommandOrControl+-',
};

/** The submenus Electron fills in for the menu roles. */
const ROLE_SUBMENUS: Record<string, Template> = {
  appmenu: [
    { role: 'about' },
    { type: 'separator' },
    { role: 'services' },
    { type: 'separator' },
    { role: 'hide' },
    { role: 'hideOthers' },
    { role: 'unhide' },
    { type: 'separator' },
    { role: 'quit' },
  ],
  filemenu: [isMac ? { role: 'close' } : { role: 'quit' }],
  editmenu: [
    { role: 'undo' },
    { role: 'redo' },
    { type: 'separator' },
    { role: 'cut' },
    { role: 'copy' },
    { role: 'paste' },
    { role: 'delete' },
    { type: 'separator' },
    { role: 'selectAll' },
  ],
  viewmenu: [
    { role: 'reload' },
    { role: 'forceReload' },
    { role: 'toggleDevTools' },
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ],
  windowmenu: [
    { role: 'minimize' },
    { role: 'zoom' },
    ...(isMac ? ([{ type: 'separator' }, { role: 'front' }] as Template) : [{ role: 'close' } as const]),
  ],
};

/** An accelerator or a key chord as 'alt+cmd+ctrl+shift+key' (CmdOrCtrl is Cmd on macOS only). */
export function canonicalKeys(accelerator: string): string {
  const modifiers = new Set<string>();
  let key = '';
  for (const part of accelerator.toLowerCase().split(/\+(?!$)/)) {
    if (['commandorcontrol', 'cmdorctrl'].includes(part)) modifiers.add(isMac ? 'cmd' : 'ctrl');
    else if (['command', 'cmd', 'super', 'meta'].includes(part)) modifiers.add('cmd');
    else if (['control', 'ctrl'].includes(part)) modifiers.add('ctrl');
    else if (['alt', 'option', 'altgr'].includes(part)) modifiers.add('alt');
    else if (part === 'shift') modifiers.add('shift');
    else key = part === 'plus' ? '+' : part;
  }
  return [...[...modifiers].sort(), key].join('+');
}

/** A built menu item: role lower-cased, default accelerator and submenu filled in. */
export class MenuItem {
  readonly role: string | undefined;
  readonly type: string;
  readonly label: string;
  readonly accelerator: string | undefined;
  readonly submenu: Menu | undefined;
  readonly click: MenuItemConstructorOptions['click'];

  constructor(options: MenuItemConstructorOptions) {
    this.role = options.role?.toLowerCase();
    const submenu = options.submenu ?? (this.role ? ROLE_SUBMENUS[this.role] : undefined);
    // A Menu passed in is one of this fake's (the shell only ever gets these).
    this.submenu = Array.isArray(submenu) ? Menu.buildFromTemplate(submenu) : (submenu as Menu | undefined);
    this.type = options.type ?? (this.submenu ? 'submenu' : 'normal');
    this.label = options.label ?? this.role ?? '';
    this.accelerator = options.accelerator ?? (this.role ? ROLE_ACCELERATORS[this.role] : undefined);
    this.click = options.click;
  }
}

/** Menu: buildFromTemplate, and the one application menu (Electron's default until one is set). */
export class Menu {
  private static application: Menu | null = null;
  private static wasSet = false;
  readonly items: MenuItem[] = [];

  append(item: MenuItem): void {
    this.items.push(item);
  }

  static buildFromTemplate(template: (MenuItemConstructorOptions | MenuItem)[]): Menu {
    if (!Array.isArray(template))
      throw new TypeError('Invalid template for Menu: Menu template must be an array');
    const menu = new Menu();
    for (const entry of template) {
      if (entry instanceof MenuItem) {
        menu.append(entry);
        continue;
      }
      if (entry.label === undefined && entry.role === undefined && entry.type === undefined)
        throw new TypeError('Invalid template for MenuItem: must have at least one of label, role or type');
      menu.append(new MenuItem(entry));
    }
    return menu;
  }

  static setApplicationMenu(menu: Menu | null): void {
    Menu.application = menu;
    Menu.wasSet = true;
  }

  static getApplicationMenu(): Menu | null {
    return Menu.application;
  }

  /** What Electron does at launch when the app has set no menu (lib/browser/default-menu.ts). */
  static installDefault(): void {
    if (Menu.wasSet) return;
    const template: Template = [
      ...(isMac ? [{ role: 'appMenu' } as const] : []),
      { role: 'fileMenu' },
      { role: 'editMenu' },
      { role: 'viewMenu' },
      { role: 'windowMenu' },
      { role: 'help', submenu: [] },
    ];
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  }

  /** Every item of this menu and its submenus, depth first. */
  allItems(): MenuItem[] {
    return this.items.flatMap((item) => [item, ...(item.submenu?.allItems() ?? [])]);
  }

  /** The item the keys (e.g. 'Ctrl+Shift+I') would fire, as Electron matches accelerators here. */
  itemFor(keys: string): MenuItem | undefined {
    const wanted = canonicalKeys(keys);
    return this.allItems().find(
      (i) => i.accelerator !== undefined && canonicalKeys(i.accelerator) === wanted,
    );
  }

  /** For resetFakeElectron: no menu, as before launch. */
  static reset(): void {
    Menu.application = null;
    Menu.wasSet = false;
  }
}
