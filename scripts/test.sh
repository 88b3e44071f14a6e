#!/usr/bin/env bash
# `npm test`: installs missing system packages (as root), then unit + e2e tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
bash scripts/ensure-keytar.sh
npm run test:unit
npm run test:e2e
