#!/usr/bin/env bash
# Lints the Dockerfile: no Docker engine exists on the CI machines, so the image cannot be built here.
# dockerfile-utils is pinned and installed into a project-local prefix (gitignored), so a fresh clone
# needs only node and npm.
set -euo pipefail
cd "$(dirname "$0")/../.."

version=0.16.3
prefix=.ci/.npm
bin="$prefix/node_modules/.bin/dockerfile-utils"

if ! command -v npm >/dev/null; then
  echo "dockerfile lint: npm is not installed (node 20 + npm are expected on the machine)" >&2
  exit 1
fi
installed=$(node -p "require('./$prefix/node_modules/dockerfile-utils/package.json').version" 2>/dev/null || true)
if [ "$installed" != "$version" ]; then
  npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error "dockerfile-utils@$version"
fi

# The linter exits non-zero on errors only; warnings (deprecated instructions and the like) fail too.
rc=0
out=$("$bin" lint Dockerfile 2>&1) || rc=$?
if [ "$rc" -ne 0 ] || [ -n "$out" ]; then
  echo "$out" >&2
  echo "dockerfile lint: problems found in Dockerfile (exit $rc)" >&2
  exit 1
fi
echo "dockerfile lint: Dockerfile is clean"
