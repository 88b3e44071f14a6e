#!/usr/bin/env bash
# `npm run pg:local`: starts a throwaway PostgreSQL server to try Portcullis on (issue 14).
# Loopback only (127.0.0.1, a free port), its data in a new temporary folder, a role `portcullis`
# with a random password kept in a pgpass file (mode 0600) — never on the command line.
# Ctrl-C stops the server and removes the folder. PG_BIN may name the folder holding pg_ctl.
set -euo pipefail

bin=${PG_BIN:-}
if [[ -z $bin ]]; then
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x $d/pg_ctl ]]; then bin=$d; break; fi
  done
fi
if [[ -z $bin || ! -x $bin/pg_ctl ]]; then
  echo "PostgreSQL server programs (initdb, pg_ctl) were not found in /usr/lib/postgresql/<version>/bin." >&2
  echo "Install them with:  sudo apt-get install postgresql   (or set PG_BIN to the folder holding pg_ctl)" >&2
  exit 3
fi

# PostgreSQL refuses to run as root: as root the server runs as the `postgres` system user.
as_server=()
if [[ $(id -u) -eq 0 ]]; then
  if ! id postgres >/dev/null 2>&1; then
    echo "Running as root needs the 'postgres' system user; install: sudo apt-get install postgresql" >&2
    exit 3
  fi
  as_server=(runuser -u postgres --)
fi

base=$(mktemp -d "${TMPDIR:-/tmp}/portcullis-pg-local-XXXXXX")
chmod 0711 "$base"
mkdir -m 0700 "$base/data" "$base/socket"
if ((${#as_server[@]})); then chown postgres: "$base/data" "$base/socket"; fi

sleeper=
stop() {
  trap - EXIT INT TERM
  [[ -n $sleeper ]] && kill "$sleeper" 2>/dev/null
  "${as_server[@]}" "$bin/pg_ctl" -D "$base/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$base"
  echo "PostgreSQL stopped; $base removed."
}
trap stop EXIT INT TERM

port=
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 40000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[[ -n $port ]] || { echo "No free TCP port found on 127.0.0.1." >&2; exit 3; }

password=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
"${as_server[@]}" "$bin/initdb" -D "$base/data" -U postgres -E UTF8 --locale=C --no-sync \
  --auth-local=trust --auth-host=scram-sha-256 >"$base/initdb.log" 2>&1 ||
  { cat "$base/initdb.log" >&2; exit 1; }
"${as_server[@]}" "$bin/pg_ctl" -D "$base/data" -l "$base/data/server.log" -w -t 60 \
  -o "-p $port -c listen_addresses='127.0.0.1' -c unix_socket_directories='$base/socket'" start >/dev/null

# The role and database over the unix socket (trust; the socket folder is 0700).
"${as_server[@]}" "$bin/psql" -q -h "$base/socket" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
  -v pw="$password" >/dev/null <<'SQL'
CREATE ROLE portcullis LOGIN PASSWORD :'pw';
CREATE DATABASE portcullis OWNER portcullis;
SQL

umask 077
printf '127.0.0.1:%s:portcullis:portcullis:%s\n' "$port" "$password" >"$base/pgpass"

url="postgres://portcullis@127.0.0.1:$port/portcullis"
cat <<EOF
PostgreSQL $("$bin/postgres" --version | awk '{print $3}') is running on 127.0.0.1:$port (data in $base).
The password is in a pgpass file; point PGPASSFILE at it in the shell you use:

  export PGPASSFILE=$base/pgpass
  npm run cli -- init --db $url --owner <name> --email <address> --password-stdin

Database URL: $url
Press Ctrl-C to stop the server and remove everything.
EOF
sleep infinity &
sleeper=$!
wait "$sleeper"
