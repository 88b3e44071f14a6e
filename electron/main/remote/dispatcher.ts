import type { Result } from '../../../shared/result';
import type { Caller } from '../ipc/pipeline';

/**
 * What the IPC registration (and the browser e2e harness) feeds a window's calls to: the local
 * IpcPipeline (embedded database) or a RemoteDirectory (team server). Both answer a Result.
 */
export interface CallDispatcher {
  /** Serves one call of a window; never throws. */
  dispatch(caller: Caller, channel: unknown, payload: unknown): Promise<Result<unknown>>;
  /** Forgets a closed window (its session binding, its event stream). */
  forget(callerKey: string): void;
}
