#!/usr/bin/env bash
# `npm test`: installs missing system packages (as root), then unit tests, the suites that already
# pass on PostgreSQL (on a throwaway server the run starts and removes), the Electron security lint
# (Electronegativity) and e2e tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
bash scripts/ensure-keytar.sh
npm run test:unit
bash scripts/test-postgres.sh
bash scripts/electronegativity.sh
npm run test:e2e
