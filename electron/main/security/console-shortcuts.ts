/**
 * Keys that reload the page or open the developer tools in Chromium or Electron's default menu.
 * The installed app drops them before the page or the menu sees them (windows/main-window.ts,
 * `before-input-event`), behind the app's own menu and `devTools: false`. Plain Node.
 */

/** The fields of Electron's `Input` this check reads. */
export interface KeyInput {
  key: string;
  code?: string;
  control: boolean;
  meta: boolean;
  shift: boolean;
  alt: boolean;
}

/** Letters that, with the modifiers below, open DevTools: Inspect, Javascript console, element piCker. */
const DEVTOOLS_LETTERS = ['i', 'j', 'c'];

/** True when `input` names the letter, by the character typed or the physical key (other layouts). */
function isLetter(input: KeyInput, letter: string): boolean {
  return input.key.toLowerCase() === letter || input.code === `Key${letter.toUpperCase()}`;
}

/**
 * True for reload (F5, Ctrl/Cmd+R, with Shift for "force"), DevTools (F12, Ctrl+Shift+I/J/C,
 * Cmd+Alt+I/J/C, Cmd+Shift+C) and the browser-refresh media key. Ctrl and Cmd are treated alike
 * on every platform, so one platform's shortcut cannot slip through on another. Ctrl+Alt is
 * left alone: it is AltGr on Windows and Linux, which types letters such as ć or ł.
 */
export function isConsoleShortcut(input: KeyInput): boolean {
  if (['f5', 'f12', 'browserrefresh'].includes(input.key.toLowerCase())) return true;
  if (['F5', 'F12', 'BrowserRefresh'].includes(input.code ?? '')) return true;
  const mod = input.control || input.meta;
  if (!mod || (input.alt && !input.meta)) return false;
  if (isLetter(input, 'r')) return true;
  return (input.shift || input.alt) && DEVTOOLS_LETTERS.some((letter) => isLetter(input, letter));
}
