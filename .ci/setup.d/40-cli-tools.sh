#!/usr/bin/env bash
# Installs Debian's curl and jq for DocsExamplesIntegrationTests, which runs the docs' bash examples as a reader
# would (they use curl and jq). Idempotent: does nothing when both are already there.
set -euo pipefail

fail() { echo "cli tools setup: $*" >&2; exit 1; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else return 1; fi; }

missing=()
for tool in curl jq; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "cli tools setup: $(curl --version | head -1 | cut -d' ' -f1-2), $(jq --version)"
  exit 0
fi

log=/tmp/fleet-cli-tools-apt.log
echo "cli tools setup: installing ${missing[*]}"
# A fresh machine may have empty package lists; update only when a package is unknown.
if ! apt-cache show "${missing[@]}" >/dev/null 2>&1; then
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >"$log" 2>&1 \
    || { cat "$log" >&2; fail "apt-get update failed (root or sudo needed, Debian mirror reachable?)"; }
fi
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >>"$log" 2>&1 \
  || { tail -30 "$log" >&2; fail "apt-get install ${missing[*]} failed"; }
for tool in curl jq; do
  command -v "$tool" >/dev/null || fail "$tool not on the PATH after installing it"
done
echo "cli tools setup: $(curl --version | head -1 | cut -d' ' -f1-2), $(jq --version)"
