import { createHash, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

/** SHA-256 hex of a latin1 string's bytes. */
const sha = (s: string): string => createHash('sha256').update(Buffer.from(s, 'latin1')).digest('hex');

/** A fresh Ed25519 key with its DER public key (base64) and fingerprint. */
export function newKey(): { privateKey: KeyObject; publicKey: string; fingerprint: string } {
  const { privateKey } = generateKeyPairSync('ed25519');
  const der = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return {
    privateKey,
    publicKey: der.toString('base64'),
    fingerprint: createHash('sha256').update(der).digest('hex'),
  };
}

/**
 * What someone who edits an export and owns another key does: put their key in the header (and a
 * one-key history for format 2), re-chain every event line and sign a new manifest. `edit` may
 * change the event lines first; `version1` writes a format 1 header instead (they are re-hashed afterwards). Event lines are handled as latin1
 * strings (one character per byte), so an edit can put any bytes in them (invalid UTF-8, NUL).
 */
export function resign(
  file: string | Buffer,
  key = newKey(),
  o: { organisation?: string; edit?: (events: string[]) => string[]; version1?: boolean } = {},
): { bytes: Buffer; fingerprint: string } {
  const bytes = typeof file === 'string' ? Buffer.from(file, 'utf8') : file;
  const lines = bytes
    .toString('latin1')
    .split('\n')
    .filter((l) => l !== '');
  const header = JSON.parse(Buffer.from(lines[0] ?? '{}', 'latin1').toString('utf8')) as Record<
    string,
    unknown
  >;
  if (o.version1) {
    // A format 1 header, in the key order version 1 writers used.
    const { exportedAt, exportedBy, filter } = header;
    for (const k of Object.keys(header)) Reflect.deleteProperty(header, k);
    Object.assign(header, {
      format: 'portcullis-audit-export',
      version: 1,
      algorithm: 'Ed25519',
      exportedAt,
      exportedBy,
      filter,
    });
  }
  const version = header.version as number;
  header.publicKey = key.publicKey;
  header.fingerprint = key.fingerprint;
  if (version >= 2) {
    if (o.organisation !== undefined) header.organisation = o.organisation;
    header.keyHistory = [
      {
        fingerprint: key.fingerprint,
        publicKey: key.publicKey,
        createdAt: header.exportedAt,
        previous: null,
        endorsement: null,
        revokedAt: null,
        revocation: null,
      },
    ];
  }
  const headerLine = Buffer.from(JSON.stringify(header), 'utf8').toString('latin1');
  const headerHash = sha(headerLine);
  let events = lines.slice(1, -1);
  if (o.edit) events = o.edit(events);
  let prev = headerHash;
  const out = [headerLine];
  for (const line of events) {
    const body = `${line.slice(0, 9)}${prev}${line.slice(73, line.length - 75)}`;
    prev = sha(body);
    out.push(`${body},"hash":"${prev}"}`);
  }
  const signed = `portcullis-audit-export/${version}\n${headerHash}\n${prev}\n${events.length}`;
  const signature = sign(null, Buffer.from(signed), key.privateKey).toString('base64');
  out.push(JSON.stringify({ manifest: true, count: events.length, headerHash, finalHash: prev, signature }));
  return { bytes: Buffer.from(`${out.join('\n')}\n`, 'latin1'), fingerprint: key.fingerprint };
}
