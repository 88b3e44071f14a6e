#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked GNOME keyring, so keytar
# (libsecret) has a real Secret Service, as on a user's desktop. Used by the tests and CLI
# checks; a desktop user already has a keyring and never needs this.
# Needs Debian packages: dbus (dbus-run-session), gnome-keyring. See scripts/system-deps.sh.
set -euo pipefail
if [[ ${1:-} == --inner ]]; then
  shift
  export XDG_DATA_HOME XDG_RUNTIME_DIR
  # --unlock reads the keyring password from stdin and creates the keyring if absent.
  printf 'portcullis-test\n' | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  exec "$@"
fi
if [[ -n ${PORTCULLIS_KEYRING_READY:-} ]]; then exec "$@"; fi
for bin in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$bin" >/dev/null; then
    echo "with-keyring: '$bin' is missing. Install the Debian packages: dbus gnome-keyring libsecret-1-0" >&2
    echo "  (as root: apt-get install -y dbus gnome-keyring libsecret-1-dev)" >&2
    exit 3
  fi
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_DATA_HOME=$tmp/data XDG_RUNTIME_DIR=$tmp/run PORTCULLIS_KEYRING_READY=1
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
dbus-run-session -- "$0" --inner "$@" 2> >(grep -v 'Failed to set fd limit\|Activating service\|Successfully activated' >&2)
