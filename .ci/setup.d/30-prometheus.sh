#!/usr/bin/env bash
# Installs Debian's prometheus package for the monitoring tests: PrometheusLintTests runs `promtool check
# metrics` on a real scrape and PrometheusSmokeTests starts /usr/bin/prometheus against the running gateway.
# Idempotent: does nothing when both binaries are already there.
set -euo pipefail

fail() { echo "prometheus setup: $*" >&2; exit 1; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else return 1; fi; }

if command -v promtool >/dev/null && command -v prometheus >/dev/null; then
  echo "prometheus setup: $(promtool --version 2>&1 | head -1)"
  exit 0
fi

log=/tmp/fleet-prometheus-apt.log
echo "prometheus setup: installing prometheus"
# A fresh machine may have empty package lists; update only when the package is unknown.
if ! apt-cache show prometheus >/dev/null 2>&1; then
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >"$log" 2>&1 \
    || { cat "$log" >&2; fail "apt-get update failed (root or sudo needed, Debian mirror reachable?)"; }
fi
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends prometheus >>"$log" 2>&1 \
  || { tail -30 "$log" >&2; fail "apt-get install prometheus failed"; }
# The package starts a system service in some environments; the tests run their own server, so stop it.
if command -v systemctl >/dev/null && systemctl is-active --quiet prometheus 2>/dev/null; then
  as_root systemctl stop prometheus || true
fi
command -v promtool >/dev/null || fail "promtool not on the PATH after installing prometheus"
command -v prometheus >/dev/null || fail "prometheus not on the PATH after installing prometheus"
echo "prometheus setup: $(promtool --version 2>&1 | head -1)"
