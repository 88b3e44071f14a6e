import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A certificate, its key and its SHA-256 fingerprint as openssl prints it (AB:CD:…). */
export interface SelfSigned {
  cert: Buffer;
  key: Buffer;
  fingerprint: string;
}

/** A self-signed certificate for 127.0.0.1 made with openssl in `dir` (a team server on loopback over TLS). */
export function selfSigned(dir: string, name: string): SelfSigned {
  const cert = join(dir, `${name}.pem`);
  const key = join(dir, `${name}.key`);
  const made = spawnSync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    '1',
    '-subj',
    `/CN=${name}`,
    '-addext',
    'subjectAltName=IP:127.0.0.1',
  ]);
  if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr.toString()}`);
  const fp = spawnSync('openssl', [
    'x509',
    '-in',
    cert,
    '-noout',
    '-fingerprint',
    '-sha256',
  ]).stdout.toString();
  return { cert: readFileSync(cert), key: readFileSync(key), fingerprint: fp.trim().split('=')[1] ?? '' };
}
