import { buildApi } from '@shared/ipc/api';
import type { ChannelInput, ChannelName, ChannelOutput } from '@shared/ipc/contract';
import { err, type Result } from '@shared/result';

/** What main answers on one channel in a renderer test. */
export type Answer<C extends ChannelName> = (
  input: ChannelInput<C>,
) => Result<ChannelOutput<C>> | Promise<Result<ChannelOutput<C>>>;

/**
 * Renderer unit tests only: installs `window.portcullis` built by the real `buildApi` from the
 * contract (as the preload does), with main's answers scripted per channel. The stores, API
 * wrappers and `call()` under test are the real ones; main's behaviour is covered by the node
 * tests and the e2e suite. Returns every call made, in order, for "it reloaded" assertions.
 */
export function scriptedMain(answers: { [C in ChannelName]?: Answer<C> }) {
  const calls: { channel: ChannelName; input: unknown }[] = [];
  window.portcullis = buildApi(
    async (channel, input) => {
      calls.push({ channel, input });
      const answer = answers[channel] as ((input: unknown) => unknown) | undefined;
      return answer ? await answer(input) : err('internal', `the test scripted no answer for ${channel}`);
    },
    () => undefined,
  );
  return { calls, count: (channel: ChannelName) => calls.filter((c) => c.channel === channel).length };
}

/** A promise the test settles by hand, to look at a request while it is in flight. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Lets pending promise callbacks run. */
export const settle = () => new Promise<void>((r) => setTimeout(r, 0));
