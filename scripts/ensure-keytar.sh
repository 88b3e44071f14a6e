#!/usr/bin/env bash
# keytar is an optional dependency built from source (it needs libsecret-1-dev on Linux).
# If `npm install` ran before libsecret-1-dev was present, the build failed and npm dropped
# it; build it now that scripts/system-deps.sh has installed the headers.
set -euo pipefail
if node -e "require('keytar')" >/dev/null 2>&1; then exit 0; fi
echo "keytar is not built yet: building it (needs libsecret-1-dev)..."
if [[ -d node_modules/keytar ]]; then
  npm rebuild keytar
else
  version=$(node -p "require('./package.json').optionalDependencies.keytar")
  npm install --no-save "keytar@${version}"
fi
node -e "require('keytar')"
