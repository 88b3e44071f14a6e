#!/usr/bin/env bash
# Electron security lint (issue 7): Electronegativity over electron/ plus the built renderer page
# whose CSP the app ships. Fails on any finding above informational that is not reviewed in
# tools/electronegativity/reviewed.json. The tool lives in its own folder with its own lockfile:
# it relies on an old `commander` that the app's commander 14 would shadow.
set -euo pipefail
cd "$(dirname "$0")/.."
tool=tools/electronegativity
if [ ! -e "$tool/node_modules/@doyensec/electronegativity/dist/index.js" ]; then
  npm ci --prefix "$tool" --no-audit --no-fund >/dev/null || npm install --prefix "$tool" --no-audit --no-fund >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r electron "$work/electron"
PORTCULLIS_RENDERER_OUT="$work/built" npx vite build --config renderer/vite.config.ts --logLevel error
mkdir -p "$work/renderer"
cp "$work/built/index.html" "$work/renderer/index.html"
rm -rf "$work/built"
node "$tool/check.mjs" "$work"
