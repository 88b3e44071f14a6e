#!/usr/bin/env bash
# Reference check of a Portcullis signed audit export, written only from
# docs/audit-export-format.md (no Portcullis code): bash, coreutils, OpenSSL >= 3.0, python3.
#
#   scripts/verify-export-reference.sh EXPORT.jsonl [FINGERPRINT]
#
# Exit codes (§8): 0 intact and signed by FINGERPRINT or a successor it endorsed; 1 altered (the
# first failing line is printed) or refused; 2 not an export (or bad arguments); 4 intact, but no
# FINGERPRINT was given to check the signer against.
set -euo pipefail
if [[ $# -lt 1 || $# -gt 2 ]]; then
  echo "usage: $0 EXPORT.jsonl [FINGERPRINT]" >&2
  exit 2
fi
file=$1
# §6: fingerprints are 64 lowercase hex; people write them in groups, maybe with "sha256:".
want=$(printf '%s' "${2:-}" | tr 'A-F' 'a-f' | sed -e 's/^sha256://' | tr -d ' :')
if [[ ! -f $file ]]; then
  echo "not an export: $file is not a regular file" >&2
  exit 2
fi
command -v openssl >/dev/null || { echo "openssl is needed" >&2; exit 3; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# §1-§5 and §7-§8, line by line; every Ed25519 check is `openssl pkeyutl -verify -rawin`.
python3 - "$file" "$want" "$work" <<'PY'
import base64, binascii, hashlib, json, os, re, subprocess, sys
from datetime import datetime

path, want, work = sys.argv[1], sys.argv[2], sys.argv[3]
HEX64 = re.compile(rb'^[0-9a-f]{64}$')

def H(b):
    return hashlib.sha256(b).hexdigest()

def done(code, text):
    print(text, file=sys.stderr if code else sys.stdout)
    sys.exit(code)

def altered(line, why):
    done(1, f'altered at line {line}: {why}')

def b64(s):
    try:
        return base64.b64decode(s, validate=True)
    except (binascii.Error, TypeError, ValueError):
        return None

def ed25519_ok(pub_b64, text, sig_b64):
    """§5/§7: pure Ed25519 over `text` (no trailing LF), key as DER SubjectPublicKeyInfo."""
    der, sig = b64(pub_b64), b64(sig_b64)
    if der is None or sig is None:
        return False
    for name, data in (('key.der', der), ('msg', text.encode()), ('sig', sig)):
        with open(os.path.join(work, name), 'wb') as f:
            f.write(data)
    r = subprocess.run(['openssl', 'pkeyutl', '-verify', '-pubin', '-keyform', 'DER',
                        '-inkey', os.path.join(work, 'key.der'), '-rawin',
                        '-in', os.path.join(work, 'msg'), '-sigfile', os.path.join(work, 'sig')],
                       capture_output=True)
    return r.returncode == 0

def instant(s):
    try:
        return datetime.fromisoformat(s.replace('Z', '+00:00')).timestamp()
    except (AttributeError, ValueError):
        return None

with open(path, 'rb') as f:
    lines = f.read().split(b'\n')          # §1: LF only; a CR stays part of its line

# §2 header
try:
    header = json.loads(lines[0].decode('utf-8'))
except (UnicodeDecodeError, ValueError):
    header = None
if not isinstance(header, dict) or header.get('format') != 'portcullis-audit-export':
    done(2, 'not an export: line 1 is not a Portcullis audit export header')
version = header.get('version')
if version not in (1, 2) or type(version) is not int:
    altered(1, f'unknown format version {version!r}')
pub, fp = header.get('publicKey'), header.get('fingerprint')
der = b64(pub) if isinstance(pub, str) else None
if header.get('algorithm') != 'Ed25519' or der is None or not isinstance(fp, str) or H(der) != fp:
    altered(1, "the header's fingerprint is not the SHA-256 of its public key")
if not isinstance(header.get('exportedAt'), str) or not isinstance(header.get('exportedBy'), str) \
        or not isinstance(header.get('filter'), dict):
    altered(1, 'the header lacks exportedAt, exportedBy or filter')
history = []
if version == 2:
    directory, history = header.get('directoryId'), header.get('keyHistory')
    if not isinstance(directory, str) or directory == '' or not isinstance(header.get('organisation'), str):
        altered(1, 'the header does not name its directory and organisation')
    # §7 key history
    if not isinstance(history, list) or not 1 <= len(history) <= 1000:
        altered(1, 'the key history is missing or too long')
    seen = set()
    for i, k in enumerate(history):
        if not isinstance(k, dict):
            altered(1, f'key {i + 1} of the history is not an object')
        kd = b64(k.get('publicKey')) if isinstance(k.get('publicKey'), str) else None
        if kd is None or k.get('fingerprint') != H(kd) or k['fingerprint'] in seen:
            altered(1, f'key {i + 1} of the history does not match its fingerprint or repeats')
        seen.add(k['fingerprint'])
        if i == 0:
            if k.get('previous') is not None or k.get('endorsement') is not None:
                altered(1, 'the first key of the history claims a predecessor')
        else:
            before = history[i - 1]
            t0, t1 = instant(before.get('createdAt')), instant(k.get('createdAt'))
            statement = f"portcullis-key-rotation/1\n{directory}\n{before['fingerprint']}\n{k['fingerprint']}\n{k.get('createdAt')}"
            if k.get('previous') != before['fingerprint'] or t0 is None or t1 is None or t1 < t0 \
                    or not isinstance(k.get('endorsement'), str) \
                    or not ed25519_ok(before['publicKey'], statement, k['endorsement']):
                altered(1, f'key {i + 1} of the history is not endorsed by the key before it')
        if (k.get('revokedAt') is None) != (k.get('revocation') is None):
            altered(1, f'key {i + 1} of the history has half a revocation')
    for i, k in enumerate(history):
        if k.get('revokedAt') is None:
            continue
        statement = f"portcullis-key-revocation/1\n{directory}\n{k['fingerprint']}\n{k['revokedAt']}"
        if instant(k['revokedAt']) is None or not any(
                ed25519_ok(later['publicKey'], statement, k['revocation']) for later in history[i + 1:]):
            altered(1, f'the revocation of key {i + 1} is not signed by a later key')
    current = [k for k in history if k.get('revokedAt') is None]
    if not current or current[-1]['fingerprint'] != fp or current[-1]['publicKey'] != pub:
        altered(1, "the header's signer is not the last unrevoked key of its history")

# §3-§4 events, §5 manifest
header_hash = H(lines[0])
prev, events, manifest_at = header_hash, 0, None
for no, line in enumerate(lines[1:], start=2):
    if manifest_at is not None:
        if line == b'':
            continue
        altered(no, 'there is content after the manifest')
    if line == b'':
        if no == len(lines):                 # the LF that ends the file
            continue
        altered(no, 'the line is empty')
    if line.startswith(b'{"manifest":'):
        try:
            m = json.loads(line.decode('utf-8'))
        except (UnicodeDecodeError, ValueError):
            altered(no, 'the manifest is not JSON')
        if m.get('count') != events:
            altered(no, f"the manifest counts {m.get('count')} events, the file has {events}")
        if m.get('finalHash') != prev:
            altered(no, 'the manifest does not close the chain')
        if m.get('headerHash') != header_hash:
            altered(1, 'the header does not match the manifest')
        signed = f'portcullis-audit-export/{version}\n{header_hash}\n{prev}\n{events}'
        if not isinstance(m.get('signature'), str) or not ed25519_ok(pub, signed, m['signature']):
            altered(no, 'the signature does not verify')
        manifest_at = no
        continue
    n_digits = re.match(rb'[0-9]+', line[79:]) if len(line) > 160 else None
    if not n_digits or line[:9] != b'{"prev":"' or line[73:79] != b'","n":' \
            or line[-75:-66] != b',"hash":"' or line[-2:] != b'"}':
        altered(no, 'not a well-formed event line')
    own = line[-66:-2]
    if not HEX64.match(own) or H(line[:-75]) != own.decode():
        altered(no, 'the line does not match its hash')
    n = int(n_digits.group(0))
    if n != events + 1:
        altered(no, f'expected event #{events + 1}, found #{n}')
    if line[9:73].decode('latin-1') != prev:
        altered(1 if no == 2 else no, 'the line is not chained to the one before it')
    prev, events = own.decode(), n
if manifest_at is None:
    altered(len(lines) if lines[-1] == b'' else len(lines) + 1, 'the file ends before the manifest')

# §8 trust (the reference keeps no trusted list: only FINGERPRINT can vouch)
signed_at = instant(header['exportedAt'])
revoked = {k['fingerprint']: instant(k['revokedAt']) for k in history if k.get('revokedAt')}
if fp in revoked and (signed_at is None or revoked[fp] is None or revoked[fp] <= signed_at):
    done(1, f'refused: the signing key {fp} was revoked at or before {header["exportedAt"]}')
if not want:
    done(4, f'intact: {events} events, signed by {fp} (no fingerprint given to check it against)')
if want == fp:
    done(0, f'intact: {events} events, signed by {fp}')
keys = [k['fingerprint'] for k in history]
if want not in keys:
    done(1, f'refused: signed by {fp}, not by {want} or a key it endorsed')
for i in range(keys.index(want), keys.index(fp)):
    r = revoked.get(keys[i])
    if r is not None and not r >= instant(history[i + 1]['createdAt']):
        done(1, f'refused: {keys[i]} was revoked before it endorsed {keys[i + 1]}')
done(0, f'intact: {events} events, signed by {fp}, a successor of {want}')
PY
