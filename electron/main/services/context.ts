import type { Role } from '../../../shared/domain/roles';

/** Where a call comes from: the window's network address and user agent. */
export interface ClientInfo {
  ip: string;
  userAgent: string;
}

/** The signed-in person making a call. */
export interface Actor {
  id: number;
  username: string;
  role: Role;
  sessionId: string | null;
}

/** The CLI acts as the machine's operator, outside any session. */
export const CLI_CLIENT: ClientInfo = { ip: '127.0.0.1', userAgent: 'portcullis-cli' };
