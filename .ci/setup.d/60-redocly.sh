#!/usr/bin/env bash
# Installs Redocly CLI for OpenApiContractIntegrationTests, which lints the gateway's OpenAPI document with
# `redocly lint` (redocly.yaml: the recommended ruleset) and fails the build on any error. Pinned and installed
# into a project-local prefix (.ci/tools/redocly, gitignored), so a fresh clone needs only node and npm.
# Idempotent: does nothing when the pinned version is already there.
set -euo pipefail
cd "$(dirname "$0")/../.."

version=2.77.0
prefix=.ci/tools/redocly
bin="$prefix/node_modules/.bin/redocly"

if ! command -v npm >/dev/null; then
  echo "redocly setup: npm is not installed (node 20.19+ or 22.12+ and npm are expected on the machine)" >&2
  exit 1
fi
installed=$(node -p "require('./$prefix/node_modules/@redocly/cli/package.json').version" 2>/dev/null || true)
if [ "$installed" != "$version" ]; then
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error "@redocly/cli@$version"
fi
# A broken install (half-downloaded package) fails here, not later inside a test.
"$bin" --version >/dev/null 2>&1 || { echo "redocly setup: $bin does not run" >&2; exit 1; }
echo "redocly setup: Redocly CLI $version at $bin"
