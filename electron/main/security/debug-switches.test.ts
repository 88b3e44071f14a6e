import { describe, expect, it } from 'vitest';
import { debuggingOptions, refusalMessage, switchName, type LaunchFacts } from './debug-switches';

/** A clean launch on Linux, with `over` applied. */
function facts(over: Partial<LaunchFacts> = {}): LaunchFacts {
  return { args: [], env: {}, hasSwitch: () => false, inspectorUrl: undefined, platform: 'linux', ...over };
}

describe('debuggingOptions', () => {
  it('finds the inspector and DevTools protocol switches in every spelling a parser accepts', () => {
    const spellings: [string, string][] = [
      ['--inspect', '--inspect'],
      ['--inspect=0.0.0.0:9229', '--inspect'],
      ['--inspect-brk=9229', '--inspect-brk'],
      ['--inspect_brk', '--inspect-brk'],
      ['---inspect-port=1', '--inspect-port'],
      ['--inspect-publish-uid=http', '--inspect-publish-uid'],
      ['--debug=5858', '--debug'],
      ['--remote-debugging-port=9222', '--remote-debugging-port'],
      ['-remote-debugging-port=9222', '--remote-debugging-port'],
      ['--REMOTE-DEBUGGING-PIPE', '--remote-debugging-pipe'],
      ['--remote-debugging-address=0.0.0.0', '--remote-debugging-address'],
      ['--js-flags=--expose-gc', '--js-flags'],
      ['--browser-subprocess-path=/bin/sh', '--browser-subprocess-path'],
    ];
    for (const [arg, shown] of spellings) {
      expect(debuggingOptions(facts({ args: ['--db', 'p.db', arg] })), arg).toEqual([shown]);
    }
  });

  it('reads /switch as a switch on Windows only, where Chromium does', () => {
    const args = ['/remote-debugging-port=9222'];
    expect(debuggingOptions(facts({ args, platform: 'win32' }))).toEqual(['--remote-debugging-port']);
    expect(debuggingOptions(facts({ args }))).toEqual([]);
  });

  it('leaves plain arguments, values and harmless switches alone', () => {
    const args = ['--db', '/tmp/--inspect.db', '/inspect', 'inspect', '-', '--', '--enable-logging', '--v=1'];
    expect(debuggingOptions(facts({ args }))).toEqual([]);
    expect(debuggingOptions(facts({ args: ['--db=--inspect'] }))).toEqual([]);
  });

  it('asks Chromium about switches argv does not show, and reports each once', () => {
    const hasSwitch = (name: string) => name === 'remote-debugging-port' || name === 'inspect';
    expect(debuggingOptions(facts({ hasSwitch, args: ['--inspect'] }))).toEqual([
      '--inspect',
      '--remote-debugging-port',
    ]);
  });

  it('finds inspector and code-loading options in NODE_OPTIONS, quoted or not', () => {
    const cases: [string, string[]][] = [
      ['--inspect', ['NODE_OPTIONS=--inspect']],
      ['--max-old-space-size=4096 "--inspect-brk=9230"', ['NODE_OPTIONS=--inspect-brk']],
      ['-r ./hook.js --import=./x.mjs', ['NODE_OPTIONS=-r', 'NODE_OPTIONS=--import']],
      [
        '--require=./hook.js --experimental-loader ./l.mjs',
        ['NODE_OPTIONS=--require', 'NODE_OPTIONS=--experimental-loader'],
      ],
      ['--max-old-space-size=4096 --no-deprecation', []],
    ];
    for (const [value, found] of cases) {
      expect(debuggingOptions(facts({ env: { NODE_OPTIONS: value } })), value).toEqual(found);
    }
  });

  it('refuses an inspector that is already listening, however it was started (SIGUSR1)', () => {
    expect(debuggingOptions(facts({ inspectorUrl: 'ws://127.0.0.1:9229/abc' }))).toEqual([
      'an inspector already listening',
    ]);
  });
});

describe('switchName and the message', () => {
  it('normalises prefixes, case and underscores, and ignores non-switches', () => {
    expect(switchName('--Inspect_Brk=1', 'linux')).toBe('inspect-brk');
    expect(switchName('/inspect', 'linux')).toBeNull();
    expect(switchName('/Inspect', 'win32')).toBe('inspect');
    expect(switchName('--', 'linux')).toBeNull();
  });

  it('tells the person what was found and what to do, without echoing values', () => {
    const message = refusalMessage(['--remote-debugging-port']);
    expect(message).toContain('--remote-debugging-port');
    expect(message).toContain('Start Portcullis again without these options');
    expect(debuggingOptions(facts({ args: ['--inspect=evil.example:1'] })).join()).not.toContain('evil');
  });
});
