import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type {
  ConnectionSwitch,
  CurrentDirectory,
  ServerProbe,
} from '../../../../shared/ipc/contracts/connection.contract';
import type { FileDialog } from '../../adapters/file-dialog.port';
import {
  CONNECTION_FILE,
  loadConnection,
  saveConnection,
  type TeamServerConnection,
} from '../../remote/connection';
import { askServer, connectionError, readCertificate, serverAddress } from './probe';

/** Switches the running window to a team server, or back to this computer (null). */
export type DirectorySwitcher = (connection: TeamServerConnection | null) => Promise<void>;

/** Options: the user-data folder (none: save and forget are refused), the dialog, the network wait. */
export interface ConnectionOptions {
  userDataDir?: string;
  fileDialog?: FileDialog;
  /** How long a server may take to answer one step; 10 s when not given. */
  timeoutMs?: number;
}

/** What `save` accepts: the address and the fingerprint the person confirmed, or a CA file. */
export type SaveInput = { url: string; pinnedFingerprint: string } | { url: string; caFile: string };

const hostOf = (url: string): string => new URL(url).host;

/**
 * The desktop's choice of directory: probes a team server (certificate, health, name), saves
 * the connection the person confirmed in the user-data folder (address and trust only: no
 * password, no token, no key) and asks the app to switch the window to it.
 */
export class ConnectionService {
  private switcher: DirectorySwitcher | null = null;
  private active: { server: string | null; databaseFile: string | null } = {
    server: null,
    databaseFile: null,
  };
  private readonly timeoutMs: number;

  constructor(private readonly o: ConnectionOptions = {}) {
    this.timeoutMs = o.timeoutMs ?? 10_000;
  }

  /** The app installs how to switch the running window (without it: "restart to connect"). */
  setSwitcher(switcher: DirectorySwitcher): void {
    this.switcher = switcher;
  }

  /** The app says which directory the window works on (a server origin, or null) and the local file. */
  setActive(a: { server: string | null; databaseFile?: string | null }): void {
    this.active = { server: a.server, databaseFile: a.databaseFile ?? this.active.databaseFile };
  }

  /** Reads the certificate and asks /health, trusting nothing and saving nothing. */
  async probe(urlText: string, caFile?: string): Promise<ServerProbe> {
    const url = serverAddress(urlText);
    if (url.protocol === 'http:') {
      const answer = await askServer(url, { kind: 'none' }, this.timeoutMs);
      return { url: url.origin, host: url.host, certificate: null, ...answer };
    }
    const ca = caFile === undefined ? undefined : this.readCa(caFile);
    const certificate = await readCertificate(url, { timeoutMs: this.timeoutMs, ...(ca ? { ca } : {}) });
    // Asked through a transport pinned to what was just read: a swap in between is refused.
    const answer = await askServer(
      url,
      { kind: 'pinned', fingerprint256: certificate.fingerprint256 },
      this.timeoutMs,
    );
    return { url: url.origin, host: url.host, certificate, ...answer };
  }

  /**
   * Checks again that the server shows the confirmed certificate (or one the CA vouches for) and
   * answers as a Portcullis server, then saves and switches. A refusal saves nothing.
   */
  async save(input: SaveInput): Promise<ConnectionSwitch> {
    const dir = this.folder();
    const url = serverAddress(input.url);
    if (url.protocol !== 'https:')
      throw connectionError(
        'invalid_input',
        'address',
        'Only an https:// team server can be saved here; plain http:// is for tests on this computer.',
      );
    let connection: TeamServerConnection;
    if ('pinnedFingerprint' in input) {
      const seen = await readCertificate(url, { timeoutMs: this.timeoutMs });
      if (seen.fingerprint256 !== input.pinnedFingerprint)
        throw connectionError(
          'provider_unavailable',
          'certificate_changed',
          `The server's certificate is not the one you confirmed: you confirmed SHA-256 ${input.pinnedFingerprint}, the server now shows ${seen.fingerprint256}. Nothing was saved. Probe again and check the new fingerprint with your administrator.`,
          { expected: input.pinnedFingerprint, actual: seen.fingerprint256 },
        );
      connection = { url: url.origin, trust: { kind: 'pinned', fingerprint256: seen.fingerprint256 } };
    } else {
      const ca = this.readCa(input.caFile);
      const seen = await readCertificate(url, { timeoutMs: this.timeoutMs, ca });
      if (!seen.caTrusted)
        throw connectionError(
          'provider_unavailable',
          'ca_untrusted',
          `The CA file does not vouch for ${url.host} (its certificate ${seen.fingerprint256} was not issued by that CA for this name). Nothing was saved.`,
          { actual: seen.fingerprint256 },
        );
      connection = { url: url.origin, trust: { kind: 'ca', caFile: input.caFile } };
    }
    const answer = await askServer(url, connection.trust, this.timeoutMs);
    if (!answer.healthy)
      throw connectionError(
        'provider_unavailable',
        'not_portcullis',
        `${url.origin} answered, but not as a Portcullis team server (GET /health). Check the address and port. Nothing was saved.`,
      );
    saveConnection(dir, connection);
    return this.switchTo(connection);
  }

  /** Which directory the window works on now. */
  current(): CurrentDirectory {
    const saved = this.saved();
    if (this.active.server === null)
      return {
        kind: 'local',
        databaseFile: this.active.databaseFile,
        pending: saved ? { url: saved.url, host: hostOf(saved.url) } : null,
      };
    const trust = saved?.url === this.active.server ? saved.trust : null;
    return {
      kind: 'server',
      url: this.active.server,
      host: hostOf(this.active.server),
      fingerprint256: trust?.kind === 'pinned' ? trust.fingerprint256 : null,
      caFile: trust?.kind === 'ca' ? trust.caFile : null,
    };
  }

  /** Forgets the team server; the window goes back to this computer's database. */
  async forget(): Promise<ConnectionSwitch> {
    rmSync(join(this.folder(), CONNECTION_FILE), { force: true });
    if (this.active.server === null) return { switched: true, current: this.current() };
    return this.switchTo(null);
  }

  /** Asks for a CA certificate file with the native dialog; null when cancelled. */
  chooseCaFile(): Promise<string | null> {
    if (!this.o.fileDialog) return Promise.resolve(null);
    return this.o.fileDialog.chooseOpenPath({
      title: 'Choose the CA certificate (PEM) your administrator gave you',
      extensions: ['pem', 'crt', 'cer'],
    });
  }

  private async switchTo(connection: TeamServerConnection | null): Promise<ConnectionSwitch> {
    if (!this.switcher) return { switched: false, current: this.current() };
    try {
      await this.switcher(connection);
    } catch (e) {
      throw connectionError(
        'provider_unavailable',
        'switch_failed',
        `The connection was saved, but the window could not switch to it (${e instanceof Error ? e.message : String(e)}). Restart Portcullis.`,
      );
    }
    this.active = { ...this.active, server: connection?.url ?? null };
    return { switched: true, current: this.current() };
  }

  private saved(): TeamServerConnection | null {
    if (this.o.userDataDir === undefined) return null;
    try {
      return loadConnection(this.o.userDataDir);
    } catch {
      // A damaged file is said at start (the app refuses it); here it counts as none.
      return null;
    }
  }

  private folder(): string {
    if (this.o.userDataDir === undefined)
      throw connectionError(
        'provider_unavailable',
        'no_folder',
        'This window has no user-data folder to keep a team server connection in.',
      );
    return this.o.userDataDir;
  }

  private readCa(path: string): Buffer {
    try {
      const pem = readFileSync(path);
      if (!pem.toString('latin1').includes('-----BEGIN CERTIFICATE-----')) throw new Error('not PEM');
      return pem;
    } catch {
      throw connectionError(
        'invalid_input',
        'ca_file',
        `${path.slice(0, 300)} is not a readable CA certificate (PEM). Choose the file your administrator gave you.`,
      );
    }
  }
}
