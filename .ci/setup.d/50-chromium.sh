#!/usr/bin/env bash
# Installs Debian's headless-capable Chromium and its WebDriver for ConsoleBrowserIntegrationTests (Selenium
# drives /usr/bin/chromium through /usr/bin/chromedriver; nothing is downloaded at test time). Idempotent: a
# machine that has both binaries is left alone.
set -euo pipefail

fail() { echo "chromium setup: $*" >&2; exit 1; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else return 1; fi; }

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  echo "chromium setup: $(/usr/bin/chromium --version 2>/dev/null || echo chromium) already installed"
  exit 0
fi
echo "chromium setup: installing chromium and chromium-driver"
as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/tmp/fleet-chromium-apt.log 2>&1 \
  || { cat /tmp/fleet-chromium-apt.log >&2; fail "apt-get update failed (root or sudo needed, Debian mirror reachable?)"; }
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium chromium-driver \
  >>/tmp/fleet-chromium-apt.log 2>&1 \
  || { tail -30 /tmp/fleet-chromium-apt.log >&2; fail "apt-get install chromium chromium-driver failed"; }
[ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] || fail "installed, but /usr/bin/chromium or /usr/bin/chromedriver is missing"
echo "chromium setup: $(/usr/bin/chromium --version 2>/dev/null) ready"
