#!/usr/bin/env bash
# Makes sure the Debian packages the tests need are present:
#   chromium (e2e), gnome-keyring + dbus (a real Secret Service for keytar), libsecret-1-dev (to build keytar),
#   sqlite3 and postgresql (baselines and the second engine), openssl and python3 (the export-format reference recipe).
# As root it installs what is missing with apt-get; otherwise it says exactly what to install.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || [[ -x /usr/bin/chromium ]] || missing+=(chromium)
command -v gnome-keyring-daemon >/dev/null 2>&1 || missing+=(gnome-keyring)
command -v dbus-run-session >/dev/null 2>&1 || missing+=(dbus)
command -v dbus-launch >/dev/null 2>&1 || missing+=(dbus-x11)
[[ -f /usr/include/libsecret-1/libsecret/secret.h ]] || missing+=(libsecret-1-dev)
# The audit bench compares exports with `sqlite3 -csv` (issue 6).
command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
# PostgreSQL as the second engine (issue 14): the tests start a throwaway server with initdb + pg_ctl.
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
# The export-format reference recipe checks signatures with standard tools only (issue 18).
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if ((${#missing[@]} == 0)); then exit 0; fi
if [[ $(id -u) -ne 0 ]]; then
  echo "Portcullis tests need these Debian packages: ${missing[*]}" >&2
  echo "Install them with:  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing Debian packages for the tests: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
