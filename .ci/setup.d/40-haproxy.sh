#!/usr/bin/env bash
# Installs Debian's haproxy for the cluster tests: support.cluster.ClusterHarness starts its own haproxy
# process (TCP mode, on 127.0.0.10) in front of three gateway replicas, standing in for the Kubernetes
# Service. No system service is started or left running: the tests own every haproxy they use.
# Idempotent: does nothing when the binary is already there.
set -euo pipefail

fail() { echo "haproxy setup: $*" >&2; exit 1; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else return 1; fi; }

find_haproxy() { command -v haproxy 2>/dev/null || { [ -x /usr/sbin/haproxy ] && echo /usr/sbin/haproxy; } || true; }

if [ -n "$(find_haproxy)" ]; then
  echo "haproxy setup: $("$(find_haproxy)" -v 2>&1 | head -1)"
  exit 0
fi

log=/tmp/fleet-haproxy-apt.log
echo "haproxy setup: installing haproxy"
# A fresh machine may have empty package lists; update only when the package is unknown.
if ! apt-cache show haproxy >/dev/null 2>&1; then
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >"$log" 2>&1 \
    || { cat "$log" >&2; fail "apt-get update failed (root or sudo needed, Debian mirror reachable?)"; }
fi
# The package's maintainer script starts its service; a policy-rc.d answering 101 ("action forbidden") stops
# invoke-rc.d from doing so. Only a policy of our own is written, and it is removed again.
policy=/usr/sbin/policy-rc.d
own_policy=
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null && as_root chmod 755 "$policy" && own_policy=1
fi
status=0
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends haproxy >>"$log" 2>&1 \
  || status=$?
if [ -n "$own_policy" ]; then
  as_root rm -f "$policy"
fi
[ "$status" -eq 0 ] || { tail -30 "$log" >&2; fail "apt-get install haproxy failed"; }
# Where a service manager started it anyway, stop it: the tests run their own.
if command -v systemctl >/dev/null && systemctl is-active --quiet haproxy 2>/dev/null; then
  as_root systemctl stop haproxy || true
fi
[ -n "$(find_haproxy)" ] || fail "haproxy not found after installing it"
echo "haproxy setup: $("$(find_haproxy)" -v 2>&1 | head -1)"
