#!/usr/bin/env bash
# `npm audit --omit=dev`: fails on high or critical advisories in runtime dependencies.
# Where the registry offers no audit endpoint (this build machine's mirror answers 405),
# it says so plainly and does not pretend the check passed.
set -uo pipefail
out=$(npm audit --omit=dev --audit-level=high 2>&1)
status=$?
if grep -q 'audit endpoint returned an error\|405 Method Not Allowed' <<<"$out"; then
  echo "npm audit: NOT CHECKED - the registry reachable from this machine has no audit endpoint."
  exit 0
fi
echo "$out" | grep -v 'Unknown user config'
exit $status
