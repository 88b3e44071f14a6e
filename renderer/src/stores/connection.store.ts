import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { ConnectionSwitch, CurrentDirectory } from '@shared/ipc/contracts/connection.contract';
import type { Result } from '@shared/result';
import { connectionApi, type SaveConnectionInput } from '@/api/connection.api';

/** Which directory the window works on (header), and the first-run steps to connect to a team server. */
export const useConnectionStore = defineStore('connection', () => {
  const current = shallowRef<CurrentDirectory | null>(null);

  /** Asks main which directory the window works on. */
  async function refresh(): Promise<void> {
    const r = await connectionApi.current();
    if (r.ok) current.value = r.value;
  }

  function keep(r: Result<ConnectionSwitch>): Result<ConnectionSwitch> {
    if (r.ok) current.value = r.value.current;
    return r;
  }

  return {
    current,
    refresh,
    probe: connectionApi.probe,
    chooseCaFile: connectionApi.chooseCaFile,
    /** Saves the confirmed connection; main switches the window when it can. */
    save: async (input: SaveConnectionInput) => keep(await connectionApi.save(input)),
    /** Goes back to this computer's directory. */
    forget: async () => keep(await connectionApi.forget()),
  };
});
