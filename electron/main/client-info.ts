import { networkInterfaces } from 'node:os';

/** The machine's first external IPv4 address, for session and audit rows; else loopback. */
export function localIp(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const nic of list ?? []) if (nic.family === 'IPv4' && !nic.internal) return nic.address;
  }
  return '127.0.0.1';
}
