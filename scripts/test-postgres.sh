#!/usr/bin/env bash
# Issue 14: runs the suites that pass on PostgreSQL, on a throwaway PostgreSQL server the run
# starts itself (tests/support/pg-global-setup.ts: initdb into a temp folder, 127.0.0.1 and a free
# port, removed at the end). Needs Debian's `postgresql` package (scripts/system-deps.sh).
# `npm test` runs it after the unit tests.
set -euo pipefail
cd "$(dirname "$0")/.."

# The suites known to pass on PostgreSQL, one path a line (# comments).
# Arguments: test files replace the list; options go to vitest (write them as --name=value).
mapfile -t suites < <(grep -v '^\s*#' tests/support/postgres-suites.txt | grep -v '^\s*$')
files=() options=()
for arg in "$@"; do
  if [[ $arg == -* ]]; then options+=("$arg"); else files+=("$arg"); fi
done
if ((${#files[@]} > 0)); then suites=("${files[@]}"); fi

# As `npm run` does: the pinned Node 22 and the local vitest first on PATH.
export PATH="$PWD/node_modules/.bin:$PATH"
export PORTCULLIS_TEST_ENGINE=postgres
exec bash scripts/with-keyring.sh vitest run --config tests/support/vitest.postgres.config.ts "${options[@]}" "${suites[@]}"
