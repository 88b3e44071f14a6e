import type { ChannelInput } from '@shared/ipc/contract';
import { call } from './client';

/** Input of `connection:save`: the address and the confirmed fingerprint, or a CA file. */
export type SaveConnectionInput = ChannelInput<'connection:save'>;

/** The desktop's choice of directory (connection:*): this computer or a team server. */
export const connectionApi = {
  /** Reads a server's certificate and asks whether it is a Portcullis team server; saves nothing. */
  probe: (url: string, caFile?: string) =>
    call((api) => api.connection.probe(caFile === undefined ? { url } : { url, caFile })),
  /** Checks the certificate again, saves the connection and switches the window when main can. */
  save: (input: SaveConnectionInput) => call((api) => api.connection.save(input)),
  /** Which directory the window works on now. */
  current: () => call((api) => api.connection.current()),
  /** Back to this computer's directory. */
  forget: () => call((api) => api.connection.forget()),
  /** The native dialog for a CA file; null when cancelled. */
  chooseCaFile: () => call((api) => api.connection.chooseCaFile()),
};
