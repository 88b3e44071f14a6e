#!/usr/bin/env bash
# Issue 14: runs the repository, service and IPC suites on PostgreSQL, on a throwaway server the
# run starts itself (tests/support/pg-global-setup.ts: initdb into a temp folder, 127.0.0.1 and a
# free port, removed at the end). Needs Debian's `postgresql` package (scripts/system-deps.sh).
# `npm test` runs it after the unit tests.
# Arguments: test files replace the list; options go to vitest (write them as --name=value);
# `--list` prints the files the list selects and stops.
set -euo pipefail
cd "$(dirname "$0")/.."
shopt -s globstar nullglob

# tests/support/postgres-suites.txt: globs, and `!path  # reason` exclusions.
globs=() excluded=()
while IFS= read -r line || [[ -n $line ]]; do
  [[ $line =~ ^[[:space:]]*(#|$) ]] && continue
  if [[ $line == '!'* ]]; then
    path=${line#!}
    path=${path%%#*}
    path=${path//[[:space:]]/}
    if [[ $line != *'#'* || -z ${line#*#} ]]; then
      echo "tests/support/postgres-suites.txt: the exclusion of $path gives no reason (write '!$path  # why')." >&2
      exit 2
    fi
    excluded+=("$path")
  else
    globs+=("$line")
  fi
done <tests/support/postgres-suites.txt

declare -A seen=()
suites=()
for glob in "${globs[@]}"; do
  # shellcheck disable=SC2206 # the glob is meant to expand
  matched=($glob)
  if ((${#matched[@]} == 0)); then
    echo "tests/support/postgres-suites.txt: '$glob' matches no file." >&2
    exit 2
  fi
  for f in "${matched[@]}"; do
    [[ -n ${seen[$f]:-} ]] && continue
    seen[$f]=1
    suites+=("$f")
  done
done
for path in "${excluded[@]}"; do
  if [[ -z ${seen[$path]:-} ]]; then
    echo "tests/support/postgres-suites.txt: the exclusion '$path' matches none of the listed files (remove it)." >&2
    exit 2
  fi
  unset "seen[$path]"
done
kept=()
for f in "${suites[@]}"; do [[ -n ${seen[$f]:-} ]] && kept+=("$f"); done
suites=("${kept[@]}")

files=() options=()
for arg in "$@"; do
  if [[ $arg == --list ]]; then
    printf '%s\n' "${suites[@]}"
    exit 0
  fi
  if [[ $arg == -* ]]; then options+=("$arg"); else files+=("$arg"); fi
done
if ((${#files[@]} > 0)); then suites=("${files[@]}"); fi

# As `npm run` does: the pinned Node 22 and the local vitest first on PATH.
export PATH="$PWD/node_modules/.bin:$PATH"
export PORTCULLIS_TEST_ENGINE=postgres
exec bash scripts/with-keyring.sh vitest run --config tests/support/vitest.postgres.config.ts "${options[@]}" "${suites[@]}"
