#!/usr/bin/env bash
# Starts a local PostgreSQL for PostgresProfileIntegrationTests (the `postgres` profile and the Flyway
# migrations against a real server): installs Debian's postgresql if missing, starts a cluster on
# 127.0.0.1, creates user and database fleetgateway (password fleetgateway, as application-postgres.yml
# expects) and tells the tests where it is through .ci/env.
set -euo pipefail
cd "$(dirname "$0")/../.."

fail() { echo "postgres setup: $*" >&2; exit 1; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else return 1; fi; }

server_version() {
  ls -d /usr/lib/postgresql/*/bin/postgres 2>/dev/null | sed -E 's#/usr/lib/postgresql/([0-9]+)/.*#\1#' | sort -n | tail -1
}

version=$(server_version)
if [ -z "$version" ] || ! command -v pg_ctlcluster >/dev/null; then
  echo "postgres setup: installing postgresql"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/tmp/fleet-pg-apt.log 2>&1 \
    || { cat /tmp/fleet-pg-apt.log >&2; fail "apt-get update failed (root or sudo needed, Debian mirror reachable?)"; }
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >>/tmp/fleet-pg-apt.log 2>&1 \
    || { tail -30 /tmp/fleet-pg-apt.log >&2; fail "apt-get install postgresql failed"; }
  version=$(server_version)
  [ -n "$version" ] || fail "postgresql installed but no server binary under /usr/lib/postgresql"
fi

if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { found = 1 } END { exit !found }'; then
  as_root pg_createcluster "$version" main >/dev/null || fail "pg_createcluster $version main failed"
fi
# Loopback only: the tests are the only clients. A drop-in (Debian's postgresql.conf includes conf.d)
# leaves the packaged file untouched.
conf_d="/etc/postgresql/$version/main/conf.d"
as_root mkdir -p "$conf_d"
echo "listen_addresses = '127.0.0.1'" | as_root tee "$conf_d/fleet-gateway.conf" >/dev/null
port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3 }')
status=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $4 }')
if [ "$status" != "online" ]; then
  as_root pg_ctlcluster "$version" main start \
    || { tail -20 "/var/log/postgresql/postgresql-$version-main.log" >&2 || true; fail "cluster $version/main did not start"; }
fi
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 1
done
pg_isready -q -h 127.0.0.1 -p "$port" || fail "PostgreSQL does not answer on 127.0.0.1:$port"

psql_admin() { as_root runuser -u postgres -- psql -p "$port" -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ "$(psql_admin -c "select 1 from pg_roles where rolname = 'fleetgateway'")" != "1" ]; then
  psql_admin -c "create role fleetgateway login password 'fleetgateway'" || fail "cannot create role fleetgateway"
fi
if [ "$(psql_admin -c "select 1 from pg_database where datname = 'fleetgateway'")" != "1" ]; then
  psql_admin -c "create database fleetgateway owner fleetgateway" || fail "cannot create database fleetgateway"
fi

url="jdbc:postgresql://127.0.0.1:$port/fleetgateway"
touch .ci/env
grep -v '^FLEET_TEST_POSTGRES_URL=' .ci/env > .ci/env.tmp || true
echo "FLEET_TEST_POSTGRES_URL=$url" >> .ci/env.tmp
mv .ci/env.tmp .ci/env
echo "postgres setup: PostgreSQL $version ready at $url"
