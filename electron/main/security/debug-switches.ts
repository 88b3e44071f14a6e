/**
 * Which launch options would give whoever starts the installed app a debugger or a console into
 * it. Plain Node (no electron): the shell (app/debug-guard.ts) feeds it the process's facts.
 * The packaging fuses (build/after-pack.mjs) already make Electron ignore NODE_OPTIONS and the
 * --inspect family; this is the second lock, and the only one for Chromium's remote debugging.
 */

/** Switch names refused outright (after normalising: no dashes, lower case, `_` as `-`). */
const REFUSED_NAMES = new Set([
  // V8 flags reach the engine of every process; the app needs none.
  'js-flags',
  // Chromium: DevTools on every page, or processes paused for a debugger to attach.
  'auto-open-devtools-for-tabs',
  'wait-for-debugger',
  'wait-for-debugger-children',
  'renderer-startup-dialog',
  // Chromium: runs the app's own processes under another program (a debugger, a shell).
  'renderer-cmd-prefix',
  'utility-cmd-prefix',
  'gpu-launcher',
  'browser-subprocess-path',
]);

/**
 * Name prefixes refused: Node's inspector (--inspect, --inspect-brk, --inspect-port,
 * --inspect-wait, --inspect-brk-node, --inspect-publish-uid), its --debug* aliases and
 * Chromium's DevTools protocol (--remote-debugging-port, -pipe, -address, ...).
 */
const REFUSED_PREFIXES = ['inspect', 'debug', 'remote-debugging'];

/** NODE_OPTIONS that load code before the app's own (Electron ignores them only with the fuse). */
const NODE_OPTIONS_CODE_LOADERS = new Set(['r', 'require', 'import', 'loader', 'experimental-loader']);

/**
 * Names the shell asks `app.commandLine.hasSwitch` about: Chromium's own parse, which also
 * sees switches that never appear in process.argv (appended by code, macOS `open --args`).
 */
export const SWITCHES_TO_ASK_CHROMIUM: readonly string[] = [
  ...REFUSED_NAMES,
  'remote-debugging-port',
  'remote-debugging-pipe',
  'remote-debugging-address',
  'inspect',
  'inspect-brk',
  'inspect-brk-node',
  'inspect-port',
  'inspect-wait',
  'inspect-publish-uid',
  'debug',
  'debug-brk',
  'debug-port',
];

/** What the shell knows about how the process was started. */
export interface LaunchFacts {
  /** process.execArgv followed by process.argv without the executable. */
  args: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  /** app.commandLine.hasSwitch. */
  hasSwitch: (name: string) => boolean;
  /** node:inspector url(): set when an inspector is already listening, however it was started. */
  inspectorUrl: string | undefined;
  platform: NodeJS.Platform;
}

/**
 * The switch name an argument sets, normalised, or null for a plain argument. Chromium accepts
 * `--x`, `-x` and on Windows `/x` (case-insensitive there); Node treats `_` like `-`. Reading
 * any run of dashes, any case and `_` as a switch everywhere refuses a little more than
 * strictly needed, never less.
 */
export function switchName(arg: string, platform: NodeJS.Platform): string | null {
  const prefix = /^-+/.exec(arg)?.[0] ?? (platform === 'win32' && arg.startsWith('/') ? '/' : '');
  if (!prefix || arg.length === prefix.length) return null;
  const name = arg.slice(prefix.length).split('=', 1)[0] ?? '';
  return name.toLowerCase().replaceAll('_', '-');
}

/** A normalised name as typed on a command line: `-r`, `--inspect`. */
function shown(name: string): string {
  return name.length === 1 ? `-${name}` : `--${name}`;
}

function isRefusedName(name: string): boolean {
  return REFUSED_NAMES.has(name) || REFUSED_PREFIXES.some((p) => name.startsWith(p));
}

/** Splits NODE_OPTIONS the way Node does for plain cases: whitespace, with "quoted" parts. */
function nodeOptionTokens(value: string): string[] {
  return (value.match(/"[^"]*"|\S+/g) ?? []).map((t) => t.replace(/^"|"$/g, ''));
}

/**
 * Every debugging or code-loading option found, as a person would type it (e.g.
 * `--remote-debugging-port`, `NODE_OPTIONS=--require`); empty when the launch is clean.
 * Values are never echoed: they are the attacker's text.
 */
export function debuggingOptions(facts: LaunchFacts): string[] {
  const found = new Set<string>();
  for (const arg of facts.args) {
    const name = switchName(arg, facts.platform);
    if (name !== null && isRefusedName(name)) found.add(shown(name));
  }
  for (const name of SWITCHES_TO_ASK_CHROMIUM) {
    if (facts.hasSwitch(name)) found.add(shown(name));
  }
  for (const token of nodeOptionTokens(facts.env.NODE_OPTIONS ?? '')) {
    const name = switchName(token, 'linux');
    if (name !== null && (isRefusedName(name) || NODE_OPTIONS_CODE_LOADERS.has(name))) {
      found.add(`NODE_OPTIONS=${shown(name)}`);
    }
  }
  if (facts.inspectorUrl) found.add('an inspector already listening');
  return [...found];
}

/** The message for the person who started the app. */
export function refusalMessage(found: readonly string[]): string {
  return (
    `Portcullis was started with debugging options: ${found.join(', ')}.\n\n` +
    'The installed app does not run with a debugger or a developer console, because either ' +
    'would let whoever starts it read or change accounts without the checks the app applies. ' +
    'Start Portcullis again without these options (check its shortcut and the NODE_OPTIONS ' +
    'environment variable). To debug, use a development build.'
  );
}
