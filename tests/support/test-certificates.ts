import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** A certificate and key (PEM) and its SHA-256 fingerprint as openssl prints it (AB:CD:…). */
export interface TestCertificate {
  cert: Buffer;
  key: Buffer;
  fingerprint: string;
  certFile: string;
}

/**
 * A certificate for 127.0.0.1 made by openssl in `dir`: self-signed, or signed by `issuer`
 * (a CA made by this function with `ca: true`).
 */
export function makeCertificate(
  dir: string,
  name: string,
  o: { ca?: boolean; issuer?: TestCertificate & { keyFile: string } } = {},
): TestCertificate & { keyFile: string } {
  const certFile = join(dir, `${name}.pem`);
  const keyFile = join(dir, `${name}.key`);
  const run = (args: string[]): string => {
    const r = spawnSync('openssl', args);
    if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr.toString()}`);
    return r.stdout.toString();
  };
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile];
  const ext = o.ca
    ? ['-addext', 'basicConstraints=critical,CA:TRUE']
    : ['-addext', 'subjectAltName=IP:127.0.0.1'];
  if (o.issuer) {
    const csr = join(dir, `${name}.csr`);
    run(['req', '-new', ...key, '-out', csr, '-subj', `/CN=${name}`]);
    const extFile = join(dir, `${name}.ext`);
    writeFileSync(extFile, 'subjectAltName=IP:127.0.0.1\n');
    run([
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      o.issuer.certFile,
      '-CAkey',
      o.issuer.keyFile,
      '-CAcreateserial',
      '-out',
      certFile,
      '-days',
      '1',
      '-extfile',
      extFile,
    ]);
  } else run(['req', '-x509', ...key, '-out', certFile, '-days', '1', '-subj', `/CN=${name}`, ...ext]);
  const fp = run(['x509', '-in', certFile, '-noout', '-fingerprint', '-sha256']);
  return {
    cert: readFileSync(certFile),
    key: readFileSync(keyFile),
    fingerprint: fp.trim().split('=')[1] ?? '',
    certFile,
    keyFile,
  };
}

/** A loopback HTTPS server answering GET /health and /openapi.json like a team server (or 404 when `portcullis` is false). */
export interface FakeTeamServer {
  server: Server;
  url: string;
  /** Paths asked, in order. */
  asked: string[];
  /** Presents another certificate from now on (same address). */
  swap(c: TestCertificate): void;
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1 (a free port). */
export async function startFakeTeamServer(
  c: TestCertificate,
  o: { portcullis?: boolean } = {},
): Promise<FakeTeamServer> {
  const asked: string[] = [];
  const server = createServer({ cert: c.cert, key: c.key }, (req, res) => {
    asked.push(req.url ?? '');
    const json = (body: unknown): void => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (o.portcullis === false) res.writeHead(404).end('<html>It works!</html>');
    else if (req.url === '/health') json({ ok: true, value: { status: 'live' } });
    else if (req.url === '/openapi.json')
      json({ openapi: '3.1.0', info: { title: 'Portcullis team server', version: '1' } });
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `https://127.0.0.1:${port}`,
    asked,
    swap: (n) => {
      server.setSecureContext({ cert: n.cert, key: n.key });
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
