#!/bin/sh
# tests/web/run_node_tests.sh QUIRE — the Node.js web tests: the API against
# docs/openapi.json (api.test.mjs) and the pages in a real Chromium driven
# by Playwright (e2e.test.mjs).  Installs their npm packages (package-lock.json)
# on first use.  Fails — never skips — when node, npm or chromium is missing:
# tools/deps.sh installs them.
set -eu
Q=$1
here=$(cd "$(dirname "$0")" && pwd)
for t in node npm chromium; do
	command -v $t >/dev/null 2>&1 || { echo "web tests: $t not found (run tools/deps.sh)"; exit 1; }
done
cd "$here"
if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/ajv ]; then
	npm ci --no-audit --no-fund --loglevel=error
fi
QUIRE_BIN=$Q QUIRE_ARTIFACTS=${QUIRE_ARTIFACTS:-$here/../../build-san/web-artifacts} \
	node --test --test-concurrency=1 "$here"/*.test.mjs
